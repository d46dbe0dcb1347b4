import { ImageName } from 'testcontainers';
import type { ServiceSpec } from '../types.js';
import { backingModule, imageOverride } from '../backing/registry.js';
import { getEngine } from './engine.js';

/** One line of `doctor`: ok, a warning, or a failure with the exit code it stands for. */
export interface CheckLine {
  level: 'ok' | 'warn' | 'fail';
  text: string;
  hint?: string;
  exitCode?: number;
}

/** Is the engine reachable, and are the images a run of `spec` needs present? Nothing is started or pulled. */
export async function checkEngine(spec: ServiceSpec | undefined): Promise<CheckLine[]> {
  let client;
  try {
    client = await getEngine();
  } catch (err) {
    const e = err as { message: string; hint?: string; exitCode?: number };
    return [{ level: 'fail', text: `engine: ${e.message}`, ...(e.hint ? { hint: e.hint } : {}), ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) }];
  }
  const rt = client.info.containerRuntime;
  const lines: CheckLine[] = [{ level: 'ok', text: `engine: ${rt.host} (${rt.operatingSystem}, ${rt.cpus} CPUs, API ${rt.serverVersion}, socket ${rt.remoteSocketPath})` }];
  for (const [image, flag] of spec ? imagesOf(spec) : []) {
    const present = await client.image.exists(ImageName.fromString(image));
    lines.push(present
      ? { level: 'ok', text: `image ${image}: present` }
      : { level: 'warn', text: `image ${image}: not present; pulled at run time if a registry answers (override: ${flag})` });
  }
  return lines;
}

function imagesOf(spec: ServiceSpec): Array<[string, string]> {
  const images = Object.entries(spec.backing).map(([kind, b]): [string, string] => {
    const { flag, env } = imageOverride(backingModule(kind));
    return [b.image, `${flag} / ${env}`];
  });
  if (spec.image.kind === 'image') images.push([spec.image.image, '--image']);
  else if (spec.image.args.PYTHON_VERSION) images.push([spec.image.args.PYTHON_VERSION, '--python-image / ENID_PYTHON_IMAGE']);
  return images;
}
