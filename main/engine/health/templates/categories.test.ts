import { describe, expect, it } from 'vitest';
import { CATEGORY_RULES, categorize, ERROR_CATEGORIES } from './categories';

const CASES: Record<string, string[]> = {
  timeout: ['Request timed out after 30s', 'page.goto: Navigation timeout of 30000 ms exceeded', 'connect ETIMEDOUT 10.0.0.1:443', 'deadline exceeded', 'Agent step exceeded its time budget: 70s', 'Test suite exceeded 600 s', 'TimeoutError: waited 5000 ms', 'openai.APITimeoutError: Request timed out.'],
  network: ['read ECONNRESET', 'connect ECONNREFUSED 127.0.0.1:5432', 'getaddrinfo ENOTFOUND api.openai.com', 'socket hang up', 'HTTP 503 Service Unavailable', '502 Bad Gateway', 'page.goto: net::ERR_CONNECTION_REFUSED at https://x.io', 'Request failed with status code 500', 'openai.APIConnectionError: Connection error.'],
  rate_limit: ['429 Too Many Requests', 'anthropic.RateLimitError: rate_limit_error', 'Rate limit reached for gpt-4o', 'overloaded_error: Overloaded', 'request was throttled', 'anthropic.RateLimitError: Error code: 529'],
  selector_missing: ["locator.click: Timeout 30000ms exceeded. waiting for locator('#a')", 'page.waitForSelector: Timeout 5000ms exceeded', "strict mode violation: locator('x') resolved to 3 elements", 'expect(locator).toBeVisible() failed', 'Element is not attached to the DOM'],
  assertion: ['AssertionError: expected 1 to equal 2', 'expect(received).toBe(expected)', 'Expected array length 3 but got 2', 'Expected values to be strictly equal: 1 !== 2', 'Gate coverage failed: coverage 80% below threshold 90%', 'assert 200 == 500', 'AssertionError: expected status 503 but got 200 in tests/api.py', '3 tests failed in tests/test_api.py', '2 failing tests in src/a.test.ts', 'Coverage 70 % is below the 80 % gate'],
  syntax: ["SyntaxError: Unexpected token '}'", 'IndentationError: unexpected indent', 'src/a.ts(1,2): error TS2304: Cannot find name', 'Unexpected end of JSON input', 'response is not valid JSON', 'invalid syntax (line 3)'],
  auth: ['401 Unauthorized', 'AuthenticationError: Incorrect API key provided', 'GitHub API 403 Forbidden', 'OAuth token expired at 2026-01-01', 'token invalid for user', 'missing credentials', 'openai.AuthenticationError: Error code: 502'],
  context_length: ["This model's maximum context length is 8192 tokens", 'prompt is too long: 210000 tokens > 200000 maximum', 'context_length_exceeded', 'Context window exceeded for gpt-4o'],
  cost_limit: ['Cost limit exceeded: spent $4.52 of $4.00', 'Budget exhausted after round 4', 'insufficient_quota: You exceeded your current quota, please check your plan and billing details.', 'exceeds max_cost_usd=2'],
  tool_error: ['Command failed with exit code 1: `npm test`', "ENOENT: no such file or directory, open 'a.json'", "EACCES: permission denied, mkdir '/x'", "ModuleNotFoundError: No module named 'pandas'", "Error: Cannot find module 'zod'", 'Tool read_file failed', 'npm ERR! missing script: e2e', 'Merge conflict in a.ts', 'apply_patch failed: hunk 2 does not apply'],
  unknown: ["TypeError: Cannot read properties of undefined (reading 'x')", 'Out of memory: process 1 used 2GB', 'something odd happened', ''],
};

describe('error categories', () => {
  it('covers every category in the list', () => {
    expect(Object.keys(CASES).sort()).toEqual([...ERROR_CATEGORIES].sort());
  });

  for (const [category, messages] of Object.entries(CASES)) {
    it.each(messages)(`${category}: %s`, (m) => expect(categorize(m)).toBe(category));
  }

  it('orders rules so the more specific wins', () => {
    // A Playwright wait that times out is about the element; a 429 about quota is throttling,
    // but insufficient_quota is billing; ModuleNotFoundError is not ENOTFOUND.
    expect(categorize("Timeout 30000ms exceeded waiting for locator('#x')")).toBe('selector_missing');
    expect(categorize('429 quota exceeded for requests per minute')).toBe('rate_limit');
    expect(categorize('429 insufficient_quota')).toBe('cost_limit');
    expect(categorize('ModuleNotFoundError: x')).toBe('tool_error');
    expect(categorize('context length exceeded: 9000 tokens, rate limit 429')).toBe('context_length');
    expect(categorize('401 Unauthorized from upstream 502 proxy')).toBe('auth');
    // A leading exception class wins over numbers and words later in the message.
    expect(categorize('AssertionError: expected status 503 but got 200')).toBe('assertion');
    expect(categorize('SyntaxError: Unexpected token in response from 429 handler')).toBe('syntax');
    expect(categorize('FetchError: request to https://x.io failed, reason: connect ETIMEDOUT 1.2.3.4:443')).toBe('timeout');
  });

  it('takes extra rules in front of the built-in ones, with new category names', () => {
    const rules = [{ category: 'out_of_memory', pattern: /out of memory|OOM/i }, ...CATEGORY_RULES];
    expect(categorize('Out of memory: process 1 used 2GB', rules)).toBe('out_of_memory');
    expect(categorize('read ECONNRESET', rules)).toBe('network');
  });
});
