import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { badInput } from '../errors.js';
import type { ServiceImage, ServiceSpec } from '../types.js';
import type { ComposeService } from './compose.js';
import { parseDockerfile, type DockerfileInfo } from './dockerfile.js';

/** How the service's image is made, and the Dockerfile that says what it exposes. */
export interface ImageChoice {
  image: ServiceImage;
  /** The build context relative to the service directory (`.` without compose). */
  contextRel: string;
  dockerfile: DockerfileInfo;
}

/**
 * A prebuilt image (`--image`, `service.image`), or a build of the service's own Dockerfile with its
 * args: compose's, then the config's, then the python image override, then `--build-arg`. No
 * Dockerfile to build is exit 2.
 */
export function serviceImage(input: {
  dir: string;
  files: Record<string, string>;
  app: ComposeService | undefined;
  config: EnidConfig;
  options: { image?: string; pythonImage?: string; buildArgs?: Record<string, string> };
  assumptions: string[];
}): ImageChoice {
  const { dir, files, app, config, options, assumptions } = input;
  const contextRel = app?.build?.context ?? '.';
  const dockerfileRel = path.normalize(path.join(contextRel, config.service?.dockerfile ?? app?.build?.dockerfile ?? 'Dockerfile'));
  const dockerfileText = files[dockerfileRel];
  const dockerfile = parseDockerfile(dockerfileText ?? '');
  const prebuilt = options.image ?? config.service?.image;
  if (prebuilt) return { image: { kind: 'image', image: prebuilt }, contextRel, dockerfile };
  if (dockerfileText === undefined) {
    throw badInput(`no Dockerfile in ${path.join(dir, contextRel)}`,
      'add the seed\'s Dockerfile (ARG PYTHON_VERSION, EXPOSE 8080, ENTRYPOINT entrypoint.sh) or pass --image IMG to use a prebuilt image');
  }
  const args: Record<string, string> = { ...(app?.build?.args ?? {}), ...(config.service?.buildArgs ?? {}) };
  if (options.pythonImage) {
    if ('PYTHON_VERSION' in dockerfile.args) args.PYTHON_VERSION = options.pythonImage;
    else assumptions.push('the Dockerfile declares no ARG PYTHON_VERSION: the python image override was not applied');
  }
  Object.assign(args, options.buildArgs ?? {});
  return { image: { kind: 'build', context: path.resolve(dir, contextRel), dockerfile: path.relative(contextRel, dockerfileRel), args }, contextRel, dockerfile };
}

/**
 * The port the service serves on, as declared (config, compose, EXPOSE), else where entrypoint.sh binds
 * Gunicorn, else 8080; the stack checks it against what really runs.
 */
export function declaredPort(config: EnidConfig, app: ComposeService | undefined, dockerfile: DockerfileInfo, bindPort: number | undefined, assumptions: string[]): Pick<ServiceSpec, 'port' | 'portSource'> {
  const declared = config.service?.port ?? app?.containerPorts[0] ?? dockerfile.exposedPorts[0];
  const port = declared ?? bindPort ?? 8080;
  const portSource: ServiceSpec['portSource'] = config.service?.port ? 'config' : app?.containerPorts[0] ? 'compose' : dockerfile.exposedPorts[0] ? 'dockerfile' : bindPort ? 'entrypoint' : 'default';
  if (declared === undefined) assumptions.push(`no EXPOSE or compose port: assuming the service listens on ${port}`);
  if (bindPort !== undefined && bindPort !== port) {
    assumptions.push(`entrypoint.sh binds Gunicorn to ${bindPort} but the service declares ${port}`);
  }
  return { port, portSource };
}
