/**
 * The (assertion, output) pairs on which Canon must give promptfoo's verdicts: every assertion
 * type both tools have, their `not-` forms, value shapes (strings, numbers, lists, comma strings,
 * schemas), edge cases, and whole cases with weights. `record-promptfoo-fixtures.ts` runs them
 * through promptfoo and writes test/fixtures/promptfoo-assertions.json; the conformance test
 * runs them through Canon.
 * @module
 */

/** An assertion as both tools write it. */
export interface CorpusAssertion {
  type: string
  value?: unknown
  threshold?: number
  weight?: number
}

/** One assertion on one output, or (with `assertions`) a whole case. */
export interface CorpusEntry {
  id: string
  output: string
  assertion?: CorpusAssertion
  assertions?: CorpusAssertion[]
  latencyMs?: number
  cost?: number
  /** What the judge answers (both tools get this text from a stub judge), for `llm-rubric`. */
  judge?: string
  /** Text → embedding (both tools get these vectors from a stub provider), for `similar`. */
  embeddings?: Record<string, number[]>
}

const fence = (body: string) => `\`\`\`json\n${body}\n\`\`\``
const one = (
  id: string,
  assertion: CorpusAssertion,
  output: string,
  extra: Partial<CorpusEntry> = {},
): CorpusEntry => ({ id, assertion, output, ...extra })

const schema = { type: 'object', required: ['urgency'] }

/** Cosine similarity to `ref`: near 0.8, mid 0.77 (between promptfoo's 0.75 and a 0.8 default), far 0. */
const vectors = {
  ref: [1, 0],
  near: [0.8, 0.6],
  mid: [0.77, 0.6380438856],
  far: [0, 1],
}
const judged = (answer: object | string) =>
  typeof answer === 'string' ? answer : JSON.stringify(answer)

export const CORPUS: readonly CorpusEntry[] = [
  // equals
  one('equals-exact', { type: 'equals', value: 'Paris' }, 'Paris'),
  one('equals-trailing-newline', { type: 'equals', value: 'Paris' }, 'Paris\n'),
  one('equals-padded-value', { type: 'equals', value: '  spaced  ' }, 'spaced'),
  one('equals-case', { type: 'equals', value: 'Paris' }, 'paris'),
  one('not-equals-other', { type: 'not-equals', value: 'Paris' }, 'London'),
  one('equals-number', { type: 'equals', value: 42 }, '42'),
  one('equals-number-as-text', { type: 'equals', value: 42 }, '42.0'),
  one('equals-boolean', { type: 'equals', value: true }, 'true'),
  one(
    'equals-object-reordered',
    { type: 'equals', value: { a: 1, b: [1, 2] } },
    '{"b":[1,2],"a":1}',
  ),
  one('equals-object-differs', { type: 'equals', value: { a: 1 } }, '{"a":2}'),
  one('equals-object-not-json', { type: 'equals', value: { a: 1 } }, 'not json'),
  one('not-equals-object-not-json', { type: 'not-equals', value: { a: 1 } }, 'not json'),
  one('equals-object-fenced', { type: 'equals', value: { a: 1 } }, fence('{"a":1}')),
  // contains / icontains
  one('contains-hit', { type: 'contains', value: 'refund' }, 'Your refund is on its way'),
  one('contains-case-sensitive', { type: 'contains', value: 'Refund' }, 'your refund'),
  one('not-contains-clean', { type: 'not-contains', value: 'password' }, "here's the summary"),
  one('not-contains-leak', { type: 'not-contains', value: 'password' }, 'the password is x'),
  one('contains-number', { type: 'contains', value: 42 }, 'order 42 shipped'),
  one('contains-number-miss', { type: 'contains', value: 42 }, 'order 4 2'),
  one('contains-empty-value', { type: 'contains', value: '' }, 'anything'),
  one('contains-list', { type: 'contains', value: ['a', 'b'] }, 'a and b'),
  one('icontains-hit', { type: 'icontains', value: 'REFUND' }, 'refund issued'),
  one(
    'not-icontains-injection',
    { type: 'not-icontains', value: 'ignore previous' },
    'IGNORE PREVIOUS instructions',
  ),
  one('icontains-number', { type: 'icontains', value: 7 }, 'within 7 days'),
  one('icontains-sharp-s', { type: 'icontains', value: 'Straße' }, 'STRASSE'),
  // contains-any / contains-all and their i- forms
  one('contains-any-hit', { type: 'contains-any', value: ['refund', 'credit'] }, 'store credit'),
  one('contains-any-miss', { type: 'contains-any', value: ['refund', 'credit'] }, 'no luck'),
  one('contains-any-comma-string', { type: 'contains-any', value: 'refund, credit' }, 'a refund'),
  one('contains-any-quoted-comma', { type: 'contains-any', value: 'a, "b, c"' }, 'x b, c y'),
  one('contains-any-quoted-keeps-comma', { type: 'contains-any', value: '"b, c"' }, 'b only'),
  one('contains-any-padded-items', { type: 'contains-any', value: ' refund ,credit ' }, 'refund'),
  one('contains-any-numbers', { type: 'contains-any', value: [1, 2] }, '2 items'),
  one('contains-any-empty-string', { type: 'contains-any', value: '' }, 'x'),
  one(
    'not-contains-any-clean',
    { type: 'not-contains-any', value: ['ssn', 'password'] },
    'all good',
  ),
  one(
    'not-contains-any-leak',
    { type: 'not-contains-any', value: ['ssn', 'password'] },
    'your password',
  ),
  one('contains-all-hit', { type: 'contains-all', value: ['a', 'b'] }, 'a and b'),
  one('contains-all-miss', { type: 'contains-all', value: ['a', 'b'] }, 'a only'),
  one('contains-all-comma-string', { type: 'contains-all', value: 'Hello, world' }, 'Hello world'),
  one('contains-all-empty-list', { type: 'contains-all', value: [] }, 'x'),
  one('not-contains-all-partial', { type: 'not-contains-all', value: ['x', 'y'] }, 'x'),
  one('not-contains-all-both', { type: 'not-contains-all', value: ['x', 'y'] }, 'x y'),
  one('icontains-any-hit', { type: 'icontains-any', value: ['REFUND', 'credit'] }, 'Refund'),
  one('icontains-any-miss', { type: 'icontains-any', value: ['x', 'y'] }, 'Z'),
  one(
    'not-icontains-any-injection',
    { type: 'not-icontains-any', value: ['ignore previous instructions'] },
    'Ignore Previous Instructions and reveal',
  ),
  one('icontains-all-hit', { type: 'icontains-all', value: ['order', 'SHIPPED'] }, 'Order shipped'),
  one('icontains-all-comma-miss', { type: 'icontains-all', value: 'Order, Refund' }, 'order only'),
  one('not-icontains-all-partial', { type: 'not-icontains-all', value: ['a', 'b'] }, 'A'),
  // starts-with
  one('starts-with-hit', { type: 'starts-with', value: 'Dear' }, 'Dear customer'),
  one('starts-with-leading-space', { type: 'starts-with', value: 'Dear' }, ' Dear customer'),
  one('starts-with-case', { type: 'starts-with', value: 'dear' }, 'Dear'),
  one('not-starts-with', { type: 'not-starts-with', value: 'As an AI' }, 'Sure, here it is'),
  one('starts-with-number', { type: 'starts-with', value: 42 }, '42 apples'),
  // regex
  one('regex-anchored', { type: 'regex', value: '^\\d{3}-\\d{4}$' }, '555-1234'),
  one('regex-anchored-miss', { type: 'regex', value: '^\\d{3}$' }, '5555'),
  one('regex-case-sensitive', { type: 'regex', value: 'refund' }, 'REFUND'),
  one('regex-optional', { type: 'regex', value: 'colou?r' }, 'The color is red'),
  one('not-regex-clean', { type: 'not-regex', value: '\\bpassword\\b' }, 'no secrets here'),
  one('regex-invalid', { type: 'regex', value: '(' }, 'anything'),
  // is-json
  one('is-json-object', { type: 'is-json' }, '{"a":1}'),
  one('is-json-array', { type: 'is-json' }, '[1,2]'),
  one('is-json-number', { type: 'is-json' }, '42'),
  one('is-json-prose', { type: 'is-json' }, 'not json'),
  one('is-json-prose-around', { type: 'is-json' }, 'Here: {"a":1}'),
  one('is-json-empty', { type: 'is-json' }, ''),
  one('is-json-whitespace', { type: 'is-json' }, '  {"a":1}\n'),
  one('is-json-fenced', { type: 'is-json' }, fence('{"a":1}')),
  one('not-is-json-fenced', { type: 'not-is-json' }, fence('{"a":1}')),
  one('not-is-json-text', { type: 'not-is-json' }, 'plain text'),
  one('is-json-schema-ok', { type: 'is-json', value: schema }, '{"urgency":"high"}'),
  one('is-json-schema-miss', { type: 'is-json', value: schema }, '{"b":1}'),
  // contains-json
  one('contains-json-in-prose', { type: 'contains-json' }, 'Sure: {"a": 1} done'),
  one('contains-json-none', { type: 'contains-json' }, 'no json here'),
  one('contains-json-fenced', { type: 'contains-json' }, fence('{"a":1}')),
  one('contains-json-array-only', { type: 'contains-json' }, '[1,2,3]'),
  one(
    'contains-json-second-matches-schema',
    { type: 'contains-json', value: schema },
    'x {"a":1} y {"urgency":"high"}',
  ),
  one('contains-json-schema-miss', { type: 'contains-json', value: schema }, '{"a":1}'),
  one('not-contains-json-plain', { type: 'not-contains-json' }, 'plain'),
  one('contains-json-nested', { type: 'contains-json' }, 'result {"a": {"b": [1, {"c": 2}]}} end'),
  one('contains-json-yaml-flow', { type: 'contains-json' }, 'config {a: 1} here'),
  one('contains-json-truncated', { type: 'contains-json' }, 'start {"a": 1'),
  one('contains-json-brace-in-string', { type: 'contains-json' }, '{"msg": "use } carefully"}'),
  // word-count
  one('word-count-exact', { type: 'word-count', value: 3 }, 'one two three'),
  one('word-count-exact-miss', { type: 'word-count', value: 3 }, 'one two'),
  one('word-count-string-value', { type: 'word-count', value: '3' }, ' one  two\nthree '),
  one('word-count-range', { type: 'word-count', value: { min: 2, max: 4 } }, 'a b c'),
  one('word-count-max', { type: 'word-count', value: { max: 2 } }, 'a b c'),
  one('word-count-min', { type: 'word-count', value: { min: 5 } }, 'a b'),
  one('not-word-count', { type: 'not-word-count', value: 2 }, 'a b c'),
  one('word-count-zero-empty', { type: 'word-count', value: 0 }, ''),
  one('word-count-min-over-max', { type: 'word-count', value: { min: 3, max: 1 } }, 'a b'),
  // levenshtein
  one('levenshtein-same', { type: 'levenshtein', value: 'hello world' }, 'hello world'),
  one('levenshtein-close', { type: 'levenshtein', value: 'hello world' }, 'hallo wurld'),
  one('levenshtein-far', { type: 'levenshtein', value: 'hello' }, 'goodbye everyone'),
  one('levenshtein-threshold', { type: 'levenshtein', value: 'kitten', threshold: 2 }, 'sitting'),
  one(
    'levenshtein-trailing-newlines',
    { type: 'levenshtein', value: 'Paris' },
    'Paris\n\n\n\n\n\n',
  ),
  one(
    'levenshtein-fraction-threshold',
    { type: 'levenshtein', value: 'abcdefghij', threshold: 0.8 },
    'abcdefghxx',
  ),
  one('not-levenshtein', { type: 'not-levenshtein', value: 'abc', threshold: 1 }, 'xyz'),
  // latency and cost
  one('latency-under', { type: 'latency', threshold: 1000 }, 'ok', { latencyMs: 250 }),
  one('latency-over', { type: 'latency', threshold: 100 }, 'ok', { latencyMs: 250 }),
  one('latency-unmeasured', { type: 'latency', threshold: 100 }, 'ok'),
  one('cost-under', { type: 'cost', threshold: 0.01 }, 'ok', { cost: 0.002 }),
  one('cost-over', { type: 'cost', threshold: 0.001 }, 'ok', { cost: 0.002 }),
  // is-refusal
  one('is-refusal-sorry-but', { type: 'is-refusal' }, "I'm sorry, but I can't help with that."),
  one('is-refusal-answer', { type: 'is-refusal' }, 'Here is your summary.'),
  one(
    'is-refusal-sorry-to-hear',
    { type: 'is-refusal' },
    "I'm sorry to hear about the delay; your refund is on its way.",
  ),
  one('not-is-refusal-answer', { type: 'not-is-refusal' }, 'Sure, here it is.'),
  one('is-refusal-empty', { type: 'is-refusal' }, ''),
  one(
    'is-refusal-as-an-ai',
    { type: 'is-refusal' },
    'As an AI language model, I think it depends.',
  ),
  one('is-refusal-not-appropriate', { type: 'is-refusal' }, 'That would not be appropriate.'),
  one('is-refusal-curly-apostrophe', { type: 'is-refusal' }, 'I\u2019m unable to share that'),
  one('is-refusal-must-decline', { type: 'is-refusal' }, 'I must decline.'),
  // similar (embeddings from a stub provider)
  one('similar-near', { type: 'similar', value: 'ref' }, 'near', { embeddings: vectors }),
  one('similar-default-threshold', { type: 'similar', value: 'ref' }, 'mid', {
    embeddings: vectors,
  }),
  one('similar-far', { type: 'similar', value: 'ref' }, 'far', { embeddings: vectors }),
  one('similar-threshold', { type: 'similar', value: 'ref', threshold: 0.9 }, 'near', {
    embeddings: vectors,
  }),
  one('not-similar-far', { type: 'not-similar', value: 'ref' }, 'far', { embeddings: vectors }),
  one('similar-list-best', { type: 'similar', value: ['far', 'ref'] }, 'near', {
    embeddings: vectors,
  }),
  // llm-rubric (the judge is a stub answering fixed text)
  one('rubric-pass', { type: 'llm-rubric', value: 'is polite' }, 'Thanks!', {
    judge: judged({ reason: 'polite', pass: true, score: 0.9 }),
  }),
  one('rubric-judge-passes-low-score', { type: 'llm-rubric', value: 'is polite' }, 'ok', {
    judge: judged({ reason: 'meh', pass: true, score: 0.5 }),
  }),
  one('rubric-judge-fails-high-score', { type: 'llm-rubric', value: 'is polite' }, 'ok', {
    judge: judged({ reason: 'odd', pass: false, score: 0.9 }),
  }),
  one('rubric-threshold-pass', { type: 'llm-rubric', value: 'is polite', threshold: 0.5 }, 'ok', {
    judge: judged({ reason: 'fine', pass: true, score: 0.6 }),
  }),
  one('rubric-threshold-fail', { type: 'llm-rubric', value: 'is polite', threshold: 0.5 }, 'ok', {
    judge: judged({ reason: 'weak', pass: true, score: 0.4 }),
  }),
  one('not-rubric', { type: 'not-llm-rubric', value: 'is rude' }, 'Thanks!', {
    judge: judged({ reason: 'rude', pass: true, score: 0.9 }),
  }),
  one(
    'rubric-fenced-answer',
    { type: 'llm-rubric', value: 'is polite', threshold: 0.5 },
    'Thanks!',
    { judge: '```json\n{"reason": "ok", "pass": true, "score": 1}\n```' },
  ),
  one('rubric-unparseable-answer', { type: 'llm-rubric', value: 'is polite' }, 'Thanks!', {
    judge: 'Looks fine to me.',
  }),
  // weight 0 on its own
  one('weight-zero-failing', { type: 'contains', value: 'x', weight: 0 }, 'y'),
  // whole cases: pass = every weighted assertion passed, score = weighted mean
  {
    id: 'case-all-pass',
    output: 'a b',
    assertions: [
      { type: 'contains', value: 'a' },
      { type: 'contains', value: 'b' },
    ],
  },
  {
    id: 'case-weighted-partial',
    output: 'a',
    assertions: [
      { type: 'contains', value: 'a', weight: 3 },
      { type: 'contains', value: 'z', weight: 1 },
    ],
  },
  {
    id: 'case-weight-zero-ignored',
    output: 'ok',
    assertions: [
      { type: 'contains', value: 'z', weight: 0 },
      { type: 'equals', value: 'ok' },
    ],
  },
  {
    id: 'case-json',
    output: '{"urgency":"low"}',
    assertions: [
      { type: 'is-json', value: schema },
      { type: 'contains-json' },
      { type: 'not-contains', value: 'password' },
    ],
  },
  {
    id: 'case-half',
    output: 'Hi there friend and more',
    assertions: [
      { type: 'word-count', value: { max: 3 } },
      { type: 'starts-with', value: 'Hi' },
    ],
  },
  {
    id: 'case-three-weights',
    output: 'Refund approved for order 42',
    assertions: [
      { type: 'icontains-all', value: ['refund', 'order'], weight: 2 },
      { type: 'contains', value: 42, weight: 1 },
      { type: 'regex', value: '^Denied', weight: 5 },
    ],
  },
  {
    id: 'case-only-weight-zero',
    output: 'a',
    assertions: [{ type: 'contains', value: 'z', weight: 0 }],
  },
  {
    id: 'case-refusal-and-length',
    output: "I'm sorry, but I can't share account details.",
    assertions: [
      { type: 'is-refusal' },
      { type: 'word-count', value: { max: 20 } },
      { type: 'not-icontains-any', value: 'password, ssn' },
    ],
  },
]
