/**
 * The emulator's clock: the wall clock plus the seconds `advance_clock` has added, in unix
 * seconds. Time only moves forward, even if the wall clock steps back.
 */
export interface EmulatorClock {
  /** The current emulator time, in unix seconds. */
  readonly now: () => number;
  /** Moves the clock forward. */
  readonly advance: (seconds: number) => void;
  /** The seconds added so far by {@link EmulatorClock.advance}. */
  readonly offset: () => number;
  /**
   * Drops every advance: the clock reads the wall clock again, even if that is earlier than what
   * it read before (a reset account has nothing left that could notice).
   */
  readonly reset: () => void;
}

/** Creates a clock reading `wallClockMs` (default `Date.now`), shifted by advances. */
export function createEmulatorClock(wallClockMs: () => number = Date.now, initialOffset = 0): EmulatorClock {
  let offset = initialOffset;
  let last = 0;
  return {
    now: () => {
      const time = Math.floor(wallClockMs() / 1000) + offset;
      last = Math.max(last, time);
      return last;
    },
    advance: (seconds) => {
      offset += seconds;
    },
    offset: () => offset,
    reset: () => {
      offset = 0;
      last = 0;
    },
  };
}
