/**
 * Signs in a Django/Gunicorn log that the service will never answer, so the harness can stop waiting at
 * once instead of at the timeout. Pure: fed one line at a time.
 */
export interface BootProblem {
  code: 'ENID_WRONG_PORT' | 'ENID_WORKER_BOOT';
  message: string;
}

export function createBootWatch(expectedPort: number): (line: string) => BootProblem | undefined {
  return (line) => {
    // Gunicorn's "Listening at", or runserver's "Starting development server at": the port it really took.
    const listening = /(?:Listening at: |Starting development server at )\w+:\/\/[^\s]*:(\d+)/.exec(line);
    if (listening && Number(listening[1]) !== expectedPort) {
      return {
        code: 'ENID_WRONG_PORT',
        message: `the service listens on port ${listening[1]}, but it declares ${expectedPort} (EXPOSE / compose ports)`,
      };
    }
    if (/Reason: (Worker failed to boot|App failed to load)/.test(line)) {
      return { code: 'ENID_WORKER_BOOT', message: 'Gunicorn could not load the Django application' };
    }
    return undefined;
  };
}
