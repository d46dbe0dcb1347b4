#!/usr/bin/env -S node --max-semi-space-size=1 --optimize-for-size
// The flags above cap V8's young generation (64 MB → 2 MB per process on node 24) and make the old one
// grow in smaller steps: peak RSS of a --rows 1000 run 179 → 140 MB (README "Performance", P5). Only the
// command line sets them (v8.setFlagsFromString at run time does nothing), so the bin carries them.
// `env -S` splits it off (GNU coreutils ≥ 8.30, macOS, FreeBSD); npm's Windows shims (cmd-shim) read it too.
import { EnidError } from '../errors.js';
import { initCiCommand, initCommand, mergeReportsCommand } from './ci-commands.js';
import { cleanCommand, doctorCommand, runCommand, upCommand } from './commands.js';
import { ExitCode } from '../exit-codes.js';
import { HELP } from './help.js';
import { printMemoryDebug } from './memory-debug.js';

const COMMANDS: Record<string, (argv: string[], out: (line: string) => void) => Promise<number>> = {
  run: runCommand,
  up: upCommand,
  doctor: doctorCommand,
  clean: cleanCommand,
  'merge-reports': mergeReportsCommand,
  'init-ci': initCiCommand,
  init: initCommand,
};

async function main(argv: string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP.main!);
    return command ? ExitCode.Ok : ExitCode.BadInput;
  }
  if (command === '--version' || command === '-v') {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { packageRoot } = await import('../package-root.js');
    out((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
    return ExitCode.Ok;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    throw new EnidError(`unknown command "${command}"`, { code: 'ENID_USAGE', exitCode: ExitCode.BadInput, phase: 'cli', hint: `commands: ${Object.keys(COMMANDS).join(', ')}; see \`enid-test --help\`` });
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(HELP[command] ?? HELP.main!);
    return ExitCode.Ok;
  }
  return handler(rest, out);
}

// A closed pipe (`enid-test run … | head`) must not crash the run before its teardown.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE') throw err; });
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    if (err instanceof EnidError) {
      process.stderr.write(`error: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
      for (const line of err.logTail ?? []) process.stderr.write(`  | ${line}\n`);
      exit(err.exitCode);
    } else {
      process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n  hint: this is an enid-test bug; rerun with DEBUG=enid:* and report it\n`);
      exit(ExitCode.Internal);
    }
  },
);

// Sockets of the engine client and HTTP pools may keep the loop alive after teardown: leave explicitly.
function exit(code: number): void {
  printMemoryDebug();
  process.exitCode = code;
  setTimeout(() => process.exit(code), 50).unref();
}
