import { describe, expect, it } from 'vitest';
import { ownReferences } from '../../../src/stack/own-images.js';

const label = { 'dev.enid-test': 'true' };

describe('ownReferences: what of an image enid-test may remove', () => {
  it('its own tags only, by name, not the image id', () => {
    expect(ownReferences({ Id: 'sha256:a', RepoTags: ['enid-test/notes:k1'], Labels: label })).toEqual(['enid-test/notes:k1']);
    // A user tagged enid-test's image: removing by tag leaves the user's name (and so the image) in place.
    expect(ownReferences({ Id: 'sha256:a', RepoTags: ['enid-test/notes:k1', 'notes:mine'], Labels: label })).toEqual(['enid-test/notes:k1']);
  });

  it('nothing of an image that only inherited the label (built FROM one of its images)', () => {
    expect(ownReferences({ Id: 'sha256:b', RepoTags: ['team/notes-debug:latest'], Labels: label })).toEqual([]);
  });

  it('nothing without the label, even under its repository name', () => {
    expect(ownReferences({ Id: 'sha256:c', RepoTags: ['enid-test/notes:k1'], Labels: {} })).toEqual([]);
    expect(ownReferences({ Id: 'sha256:c', RepoTags: ['postgres:16-alpine'], Labels: null })).toEqual([]);
  });

  it('an untagged leftover of its own build by id', () => {
    expect(ownReferences({ Id: 'sha256:d', RepoTags: ['<none>:<none>'], Labels: label })).toEqual(['sha256:d']);
    expect(ownReferences({ Id: 'sha256:d', RepoTags: null, Labels: label })).toEqual(['sha256:d']);
  });

  it('one service\'s tags when pruning that service', () => {
    expect(ownReferences({ Id: 'sha256:e', RepoTags: ['enid-test/notes:k1', 'enid-test/notes-v2:k9'], Labels: label }, 'enid-test/notes:')).toEqual(['enid-test/notes:k1']);
  });
});
