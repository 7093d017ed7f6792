// The processes started while some work runs, seen through Node's own 'child_process'
// diagnostics channel (real processes, nothing mocked), with the turn of the event loop of each.
import * as dc from 'node:diagnostics_channel';

export async function spawnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number[] }> {
  let turn = 0;
  const ticker = setInterval(() => turn++, 0);
  const turns: number[] = [];
  const onSpawn = () => turns.push(turn);
  dc.subscribe('child_process', onSpawn);
  try {
    return { result: await work(), turns };
  } finally {
    dc.unsubscribe('child_process', onSpawn);
    clearInterval(ticker);
  }
}
