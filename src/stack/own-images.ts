import createDebug from 'debug';
import type { ContainerRuntimeClient } from 'testcontainers';
import { LABEL_MANAGED } from './labels.js';

const debug = createDebug('enid:stack');

/** The repository every image enid-test builds is tagged in (`enid-test/<service>:<context key>`). */
export const OWN_REPOSITORY_PREFIX = 'enid-test/';

/** An image as the engine lists it: the fields deciding what of it is enid-test's own. */
export interface ListedImage {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
}

/**
 * What of an image enid-test may remove: the tags it gave it (`enid-test/…`), and the image by id only
 * when it has no tag at all (an untagged leftover of its own build). The label alone does not make an
 * image enid-test's: an image built FROM one inherits it. And never by id with force: that removes
 * every tag, also one a user added (`docker tag enid-test/notes:… notes:mine`); removed by its own tag,
 * unforced, such an image only loses enid-test's name, and an image a container uses stays.
 */
export function ownReferences(image: ListedImage, prefix = OWN_REPOSITORY_PREFIX): string[] {
  if (image.Labels?.[LABEL_MANAGED] !== 'true') return [];
  const tags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  if (!tags.length) return [image.Id];
  return tags.filter((t) => t.startsWith(prefix));
}

/**
 * Removes enid-test's own references to these images (see ownReferences), only those starting with
 * `prefix` (one service's: `enid-test/notes:`); returns how many images lost one.
 */
export async function removeOwnReferences(client: ContainerRuntimeClient, images: ListedImage[], prefix = OWN_REPOSITORY_PREFIX): Promise<number> {
  let removed = 0;
  for (const image of images) {
    let any = false;
    for (const ref of ownReferences(image, prefix)) {
      try {
        await client.container.dockerode.getImage(ref).remove();
        any = true;
      } catch (err) {
        // In use by a container, or gone already: what is in use stays.
        debug('removing image %s failed: %O', ref, err);
      }
    }
    if (any) removed += 1;
  }
  return removed;
}
