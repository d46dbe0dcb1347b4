"""Supplied by enid-test: coverage.py's own commands, one after another, in one container exec.

Run with 'python -c' in the code directory, the plan as its one argument (JSON):
{"dataFile": "<path>", "steps": [{"what": "...", "args": [...], "dataFile": "<path>"}, ...]}.
First: are there '-p' data files next to "dataFile"? When not, nothing runs. Then each step is
'python -m coverage <args>' with COVERAGE_FILE=<its dataFile>; the first that fails ends the row
(exit 2 with "Coverage failure" is the service's own fail_under: the report was written, the row
goes on). Prints one JSON line: {"data": bool, "steps": [{"what", "exitCode", "failed", "output"}]}.
"""
import json
import os
import subprocess
import sys


def has_data_files(data_file):
    directory, base = os.path.split(data_file)
    return os.path.isdir(directory) and any(f.startswith(base + '.') for f in os.listdir(directory))


def below_fail_under(code, output):
    return code == 2 and 'coverage failure' in output.lower()


def run(plan):
    if not has_data_files(plan['dataFile']):
        return {'data': False, 'steps': []}
    done = []
    for step in plan['steps']:
        env = dict(os.environ, COVERAGE_FILE=step['dataFile'])
        proc = subprocess.run([sys.executable, '-m', 'coverage'] + step['args'], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        failed = proc.returncode != 0 and not below_fail_under(proc.returncode, proc.stdout)
        done.append({'what': step['what'], 'exitCode': proc.returncode, 'failed': failed, 'output': proc.stdout[-8000:]})
        if failed:
            break
    return {'data': True, 'steps': done}


if __name__ == '__main__':
    print(json.dumps(run(json.loads(sys.argv[1]))))
