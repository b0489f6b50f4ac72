import { describe, expect, it } from 'vitest';
import { parsePs } from './process.js';

describe('parsePs', () => {
  it('reads pid, parent, group, state and the full command line', () => {
    const output = [
      '    1     0     1 Ss   /sbin/init',
      ' 8047     1  8047 S    /bin/sh /tmp/kc/home/bin/kc.sh start --optimized --http-port=8080',
      ' 8153  8047  8047 Sl   /usr/lib/jvm/temurin-25/bin/java -Dkc.home.dir=/tmp/kc/home/bin/.. -cp x',
      ' 9001  8047  8047 Z    [sleep] <defunct>',
      '',
    ].join('\n');
    const rows = parsePs(output);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toEqual({
      pid: 8153,
      ppid: 8047,
      pgid: 8047,
      state: 'Sl',
      args: '/usr/lib/jvm/temurin-25/bin/java -Dkc.home.dir=/tmp/kc/home/bin/.. -cp x',
    });
    expect(rows[3]?.state).toBe('Z');
  });
});
