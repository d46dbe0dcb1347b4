import { ExitCode } from '../../exit-codes.js';
import { EnidError } from '../../errors.js';
import type { ServiceSpec } from '../../types.js';

/** A build that neither read its context nor printed a line for the stall time: exit 3, where it stood. */
export function stalledError(spec: Pick<ServiceSpec, 'name'>, where: string, stallMs: number, tail: string[]): EnidError {
  return new EnidError(`building ${spec.name} made no progress for ${Math.round(stallMs / 1000)} s (${where})`, {
    code: 'ENID_BUILD_STALLED',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    service: spec.name,
    hint: 'compare with `docker build` in the service directory; a step that is silent for longer needs a higher build stall timeout',
    logTail: tail,
  });
}

/** A failed build: exit 4 when its base image could not be pulled (naming the override), else exit 3. */
export function buildError(spec: Pick<ServiceSpec, 'name'>, failure: string, tail: string[]): EnidError {
  const firstLine = failure.split('\n')[0]!;
  const base = /pull access denied|not found: manifest unknown|dial tcp|lookup .* (no such host|server misbehaving)|i\/o timeout|TLS handshake|Temporary failure in name resolution/i;
  if (base.test(failure)) {
    return new EnidError(`the base image of ${spec.name} is not present and could not be pulled: ${firstLine}`, {
      code: 'ENID_BASE_IMAGE_UNAVAILABLE',
      exitCode: ExitCode.Environment,
      phase: 'stack',
      service: spec.name,
      hint: 'point the Dockerfile\'s base at a present image: --python-image IMG (ENID_PYTHON_IMAGE) or --build-arg PYTHON_VERSION=IMG',
      logTail: tail,
    });
  }
  return new EnidError(`building ${spec.name} failed: ${firstLine}`, {
    code: 'ENID_BUILD_FAILED',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    service: spec.name,
    hint: 'the Dockerfile step above failed; build it by hand with `docker build` to iterate',
    logTail: tail,
  });
}

