import { describe, expect, it } from 'vitest';
import { prunable } from '../../../src/stack/image/image-config.js';

const NOW = Date.UTC(2026, 11, 5, 12);
const image = (tag: string, minutesAgo: number) => ({ RepoTags: [`enid-test/notes:${tag}`], Created: NOW / 1000 - minutesAgo * 60 });

describe('which cached images of a service pruning may remove', () => {
  it('never the newest three with the one just built, nor any built in the last hour', () => {
    // Four copies of one service built within a minute, as parallel checkouts or a test suite make them:
    // the oldest of them may be the one another run has just found in its cache.
    const recent = ['a', 'b', 'c', 'd', 'e'].map((t, i) => image(t, i));
    expect(prunable(recent, 'enid-test/notes:a', NOW)).toEqual([]);
  });

  it('those beyond the newest three that are older than an hour, oldest included', () => {
    const images = [image('keep', 0), image('n1', 5), image('n2', 10), image('old1', 61), image('old2', 24 * 60), image('young', 30)];
    expect(prunable(images, 'enid-test/notes:keep', NOW).map((i) => i.RepoTags[0])).toEqual(['enid-test/notes:old1', 'enid-test/notes:old2']);
  });
});
