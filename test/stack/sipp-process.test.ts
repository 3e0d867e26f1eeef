import assert from 'node:assert/strict';
import { startSipp, type SippRun } from './sipp-process.js';
import { udpPortBound } from './udp-port-bound.js';

describe('startSipp: a sipp process on loopback', () => {
  let first: SippRun | undefined;
  afterEach(async () => {
    await first?.stop();
    first = undefined;
  });

  it('refuses a local port a sipp left running still holds, rather than looking ready', async () => {
    first = await startSipp({ scenario: 'uas-answer', calls: 0, timeoutMs: 0 });
    await assert.rejects(
      startSipp({ scenario: 'uas-answer', localPort: first.port }),
      new RegExp(`^Error: udp port ${first.port} on 127\\.0\\.0\\.1 is in use \\(a sipp left running\\?\\)$`),
    );
    assert.equal(await udpPortBound(first.port), true, 'the first sipp still holds its port');
    await first.stop();
    assert.equal(await udpPortBound(first.port), false);
    first = undefined;
  });
});
