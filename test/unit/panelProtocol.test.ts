// The webview is a web page: what it posts is checked against the contract before the host acts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/core/panelProtocol';

describe('webview → host messages are validated at runtime', () => {
  it('accepts each message of the contract with exactly its fields', () => {
    const good = [
      { type: 'ready' },
      { type: 'loadHistory' },
      { type: 'copy', text: '' },
      { type: 'openConfigDiff', file: 'serving.json', left: 0, right: 1 },
      { type: 'openFileDiff', path: 'src/train.py', left: 0, right: 1 },
      { type: 'openFile', path: 'model.pkl', column: 1 },
      { type: 'openFile', path: 'model.pkl', column: 0, source: 'dvc.lock' },
    ];
    for (const m of good) assert.deepEqual(parseWebviewMessage(m, 2), { ok: true, message: m });
  });

  it('refuses unknown, malformed and out-of-range messages, with a reason to log', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      [],
      {},
      { type: 'runCommand', command: 'rm -rf /' },
      { type: '__proto__' },
      { type: 'ready', extra: 1 },
      { type: 'copy' },
      { type: 'copy', text: 5 },
      { type: 'openFile', path: 'model.pkl', column: 2 },
      { type: 'openFile', path: 'model.pkl', column: -1 },
      { type: 'openFile', path: 'model.pkl', column: 0.5 },
      { type: 'openFile', path: 'model.pkl', column: '1' },
      { type: 'openFile', path: '', column: 0 },
      { type: 'openFile', path: 'model.pkl', column: 0, source: 7 },
      { type: 'openConfigDiff', file: 'a.json', left: 0 },
      { type: 'openConfigDiff', file: ['a.json'], left: 0, right: 1 },
      { type: 'openFileDiff', path: 'a', left: 0, right: Number.NaN },
      { type: 'openFileDiff', path: 'a', left: 0, right: 1, command: 'x' },
      JSON.parse('{"type":"openFile","path":"m","column":0,"__proto__":{"polluted":true}}'),
    ];
    for (const m of bad) {
      const r = parseWebviewMessage(m, 2);
      assert.equal(r.ok, false, `accepted ${JSON.stringify(m)}`);
      if (!r.ok) assert.ok(r.reason.length > 0);
    }
  });
});
