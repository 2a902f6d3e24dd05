-- Helpers for the telemetry rollups that drizzle cannot express.
--
-- Latency histograms use fixed log-spaced buckets, 8 per doubling of milliseconds: bucket 0 is
-- [0, 1 ms), bucket b in 1..192 is [2^((b-1)/8), 2^(b/8)) ms, bucket 193 is everything from
-- 2^24 ms (4.7 h) up. The registry computes the same bucket in TypeScript at ingest
-- (packages/db/src/verbs/telemetry/latency-histogram.ts); SQL needs it to rebuild rollups.
CREATE FUNCTION "canon_latency_bucket"(ms double precision) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN ms < 1 THEN 0 ELSE least(193, 1 + floor(8 * ln(ms) / ln(2.0::double precision))::integer) END
$$;--> statement-breakpoint
-- Histograms are stored trimmed: (lo, counts) where counts[k] is bucket lo + k - 1. Merging two
-- gives the array from the lower lo to the higher end, summing where both have counts. Used by
-- the rollup upserts (ON CONFLICT … DO UPDATE).
CREATE FUNCTION "canon_hist_merge"(lo1 integer, h1 integer[], lo2 integer, h2 integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(h1[i - lo1 + 1], 0) + coalesce(h2[i - lo2 + 1], 0) ORDER BY i)
  FROM generate_series(least(lo1, lo2), greatest(lo1 + cardinality(h1), lo2 + cardinality(h2)) - 1) AS i
$$;
