/**
 * Error categories by ordered rules: the first rule whose pattern matches the message wins, so
 * more specific rules come first ("waiting for selector … Timeout" is selector_missing, not
 * timeout). Callers extend the table by putting their own rules in front. Documented in
 * docs/health.md, "Error templates".
 */

export const ERROR_CATEGORIES = [
  'timeout', 'network', 'rate_limit', 'selector_missing', 'assertion', 'syntax', 'auth',
  'context_length', 'cost_limit', 'tool_error', 'unknown',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** One rule: a message matching `pattern` belongs to `category` (any string, to extend the list). */
export interface CategoryRule {
  category: ErrorCategory | (string & {});
  pattern: RegExp;
}

/** The built-in rules, most specific first. */
export const CATEGORY_RULES: readonly CategoryRule[] = [
  // A message that starts with its exception class is that class's, whatever numbers follow
  // ("AssertionError: expected status 503 …" is a failed assertion, not a 503).
  { category: 'assertion', pattern: /^\s*(?:[\w$]+\.)*AssertionError\b/ },
  { category: 'syntax', pattern: /^\s*(?:[\w$]+\.)*(?:SyntaxError|IndentationError|TabError)\b/ },
  { category: 'rate_limit', pattern: /^\s*(?:[\w$]+\.)*RateLimitError\b/ },
  { category: 'auth', pattern: /^\s*(?:[\w$]+\.)*(?:AuthenticationError|PermissionDeniedError)\b/ },
  { category: 'timeout', pattern: /^\s*(?:[\w$]+\.)*(?:APITimeoutError|TimeoutError)\b/ },
  { category: 'network', pattern: /^\s*(?:[\w$]+\.)*(?:APIConnectionError|ConnectionError|FetchError)\b(?!.*\b(?:ETIMEDOUT|timed? ?out)\b)/ },
  // Before rate_limit and cost_limit: "context length … tokens" is about the prompt, not a quota.
  { category: 'context_length', pattern: /context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|token limit|max_tokens|input is too long|reduce the length/i },
  // Before rate_limit: OpenAI's insufficient_quota is a billing stop, not throttling.
  { category: 'cost_limit', pattern: /cost[ _-]?limit|budget (exceeded|exhausted)|over budget|max_cost|spend(ing)? limit|insufficient_quota|billing|credit balance/i },
  { category: 'rate_limit', pattern: /rate[ _-]?limit|too many requests|\b429\b|throttl|quota exceeded|requests per (minute|min|second)|overloaded/i },
  // Before timeout: a Playwright wait that times out is a missing or hidden element.
  { category: 'selector_missing', pattern: /waiting for (locator|selector)|waitForSelector|\blocator\(|element(\(s\))? not found|no (such )?element|not attached to the dom|strict mode violation|resolved to \d+ elements|toBeVisible|not visible/i },
  { category: 'timeout', pattern: /\b(ETIMEDOUT|ESOCKETTIMEDOUT)\b/ },
  { category: 'timeout', pattern: /timed?[ _-]?out|timeout|deadline exceeded|time budget|took too long|heartbeat|exceeded (?:the )?(?:time|\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds|m|min|mins|minutes|h)\b)/i },
  // Before network: 401/403 and bad keys are credentials, whatever the transport said.
  { category: 'auth', pattern: /\b40[13]\b|unauthori[sz]ed|forbidden|authenticat|api[ _-]?key|access token|\btoken (expired|invalid|revoked)|oauth|credentials?\b|lacks scope|not authorized/i },
  // errno codes are matched case-sensitively: "ModuleNotFoundError" must not read as ENOTFOUND.
  { category: 'network', pattern: /\b(ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/ },
  { category: 'network', pattern: /socket hang up|net::ERR_|network|connection (reset|refused|closed|aborted)|\b50[234]\b|status(?: code)?:? 5\d\d\b|service unavailable|bad gateway|fetch failed|\bdns\b|\btls\b|certificate|upstream/i },
  // Parse and compile errors, TypeScript's included.
  { category: 'syntax', pattern: /SyntaxError|syntax error|invalid syntax|IndentationError|TabError|unexpected (token|end of|indent|character|eof)|parse error|failed to parse|could not parse|JSON\.parse|not valid JSON|error TS\d+|unterminated|malformed/i },
  // Failed expectations: test assertions and quality gates with a threshold.
  { category: 'assertion', pattern: /AssertionError|\bassert(ion)?\b|\bexpect\(|expected .{0,200}\b(to|but|received)\b|\bto(Be|Equal|HaveLength|Contain)\b|strictly equal|!==|does not match|mismatch|\bbelow (?:the )?[^.;]{0,30}\b(?:threshold|gate|minimum|target)\b|checks? failed|\btests? failed|\bfailing tests?\b|test failures?/i },
  { category: 'tool_error', pattern: /\b(ENOENT|EACCES|EISDIR|ENOTDIR|EEXIST|EPERM|EMFILE)\b/ },
  { category: 'tool_error', pattern: /\btool\b|tool call|command failed|exit(ed)? (with )?code|non-zero exit|no such file|permission denied|\bspawn\b|ModuleNotFoundError|No module named|Cannot find module|ImportError|npm ERR!|\bgit \w+ failed|merge conflict|\bdocker\b|invalid arguments|missing script|\bpatch\b.{0,40}\b(?:failed|does not apply)|\bhunk\b/i },
];

/** The category of one message: the first matching rule's, else "unknown". */
export function categorize(message: string, rules: readonly CategoryRule[] = CATEGORY_RULES): string {
  for (const rule of rules) if (rule.pattern.test(message)) return rule.category;
  return 'unknown';
}
