// Retained heap per stored object: build N of them, keep them, and divide the heap growth by N.
import { initialTransition, transition } from 'xstate';
import { confirmSetupIntent, createSetupIntent, setupIntentMachine } from '../dist/index.js';
import { CONFIRM_EVENT, CONFIRM_PARAMS, CREATE_PARAMS, prepare } from './fixtures.mjs';
import { floorReducer, initialFloorState } from './floor-reducer.mjs';

const N = 100_000;

function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

function bytesPerItem(build) {
  const kept = new Array(N).fill(null);
  const before = settledHeap();
  for (let i = 0; i < N; i++) {
    kept[i] = build();
  }
  const after = settledHeap();
  if (kept[N - 1] === null) {
    throw new Error('nothing was built');
  }
  return (after - before) / N;
}

export function measureMemory() {
  if (typeof globalThis.gc !== 'function') {
    throw new Error('run node with --expose-gc to measure memory');
  }
  const { env } = prepare();
  return [
    {
      name: 'SetupIntent record after a successful confirm (reducers)',
      bytes: bytesPerItem(() => confirmSetupIntent(createSetupIntent(CREATE_PARAMS, env).record, CONFIRM_PARAMS.success, env).record),
    },
    {
      name: 'xstate snapshot after the same confirm (machine)',
      bytes: bytesPerItem(() => transition(setupIntentMachine, initialTransition(setupIntentMachine)[0], CONFIRM_EVENT)[0]),
    },
    {
      name: 'floor state object (status switch)',
      bytes: bytesPerItem(() => floorReducer(initialFloorState(), CONFIRM_EVENT)),
    },
  ].map((row) => ({ ...row, count: N }));
}
