// A fixed-size latency histogram in whole microseconds (log-linear buckets, like HdrHistogram):
// exact below 2,048 µs, then 1,024 buckets per power of two (within 0.1%), up to 2^31 µs. It
// takes about 90 KB whatever the number of samples, so recording millions of latencies allocates
// nothing.

const SUB_BUCKETS = 1024;
const LINEAR_LIMIT = 2 * SUB_BUCKETS;
const MAX_MICROS = 2 ** 31 - 1;
const BUCKETS = SUB_BUCKETS * 22;

function bucketOf(micros) {
  if (micros < LINEAR_LIMIT) return micros;
  // The top 11 bits of the value pick the bucket: its power of two, then 1,024 steps inside it.
  const shift = 31 - Math.clz32(micros) - 10;
  return SUB_BUCKETS * (shift + 1) + ((micros >>> shift) - SUB_BUCKETS);
}

/** The largest value that falls in a bucket. */
function upperBoundOf(bucket) {
  if (bucket < LINEAR_LIMIT) return bucket;
  const shift = Math.floor(bucket / SUB_BUCKETS) - 1;
  return (SUB_BUCKETS + (bucket % SUB_BUCKETS) + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  counts = new Uint32Array(BUCKETS);
  total = 0;
  maxMicros = 0;

  /** Records one latency given in milliseconds. */
  record(milliseconds) {
    const micros = Math.min(MAX_MICROS, Math.max(0, Math.round(milliseconds * 1000)));
    this.counts[bucketOf(micros)]++;
    this.total++;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  /** The latency (ms) that `fraction` of the samples do not exceed (bucket upper bound, at most the maximum). */
  percentile(fraction) {
    if (this.total === 0) return Number.NaN;
    const wanted = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket];
      if (seen >= wanted) return Math.min(upperBoundOf(bucket), this.maxMicros) / 1000;
    }
    return this.maxMicros / 1000;
  }

  /** The largest latency recorded, in ms. */
  max() {
    return this.total === 0 ? Number.NaN : this.maxMicros / 1000;
  }
}
