/**
 * The demo's health at many generation times (issue 11 §1, §5): the generator places the history
 * relative to `now`, so every `now` is another draw of the same projects. analytics_api's only
 * degradations are its planted v1.2-rc1 episode (linked to v1.2-rc1, resolved), support_bot's
 * v3.1 degradation is found, ongoing, with its revert to v3.0, and the stable projects stay quiet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, type Fixture } from '../ingest/test-helpers';
import { generateDemo } from '../demo/generate-demo';
import { SCENARIOS } from '../demo/scenarios';
import { projectHealth } from './health';

const DAY_MS = 86_400_000;
let fx: Fixture | null = null;
afterEach(() => fx?.cleanup());

describe('demo health does not depend on when the demo was generated', () => {
  it('at 10 generation times: analytics_api shows only its planted episode, linked to v1.2-rc1 and resolved; support_bot its ongoing v3.1 degradation and the revert', async () => {
    const episode = SCENARIOS.find((s) => s.id === 'analytics_api')!.degradation!;
    const base = Date.parse('2026-12-01T00:00:00Z');
    const lines: string[] = [];
    // Spread over times of day and weekdays (the start times follow working hours and weekends),
    // and two at which the QA change point landed a day after v1.2-rc1 went live (its first runs
    // passed), so that only the lagged-value link (lagged-links.ts) names the version.
    const times = [...Array.from({ length: 8 }, (_, i) => base + i * (31 * 3_600_000 + 17 * 60_000)), Date.parse('2026-12-01T19:04:40Z'), Date.parse('2026-12-01T19:05:00Z')];
    for (const now of times) {
      fx = fixture();
      generateDemo(fx.root, { seed: 42, now });
      await ingestFolder(fx.store, fx.root, { now });
      const api = await projectHealth(fx.store, 'analytics_api', now);
      const degradations = api.alerts.filter((a) => a.kind === 'degradation');
      lines.push(`${new Date(now).toISOString()}: analytics_api ${api.grade}, ${degradations.length} degradation alert(s), ${degradations.filter((a) => a.status === 'ongoing').length} ongoing`);
      expect(degradations.filter((a) => a.status === 'ongoing'), new Date(now).toISOString()).toEqual([]);
      // Every one is the planted episode: its change lies in the episode's window (± 2 days).
      for (const a of degradations) {
        const at = Date.parse(a.change_at);
        expect(at).toBeGreaterThanOrEqual(now - (episode.fromDaysAgo + 2) * DAY_MS);
        expect(at).toBeLessThanOrEqual(now - (episode.toDaysAgo - 2) * DAY_MS);
      }
      // Found, linked to the prompt version that caused it, resolved, nothing proposed.
      const qa = degradations.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project');
      expect(qa?.status).toBe('resolved');
      expect(qa?.linked.map((l) => l.value), new Date(now).toISOString()).toContain('v1.2-rc1');
      expect(api.recovery_proposals).toEqual([]);
      const bot = await projectHealth(fx.store, 'support_bot', now);
      expect(bot.alerts.some((a) => a.kind === 'degradation' && a.status === 'ongoing' && a.linked.some((l) => l.value === 'v3.1'))).toBe(true);
      expect(bot.grade).toBe('poor');
      expect(bot.recovery_proposals.map((p) => [p.field, p.from, p.to])).toEqual([['prompt_version', 'v3.1', 'v3.0']]);
      for (const id of ['checkout_service', 'marketing_site', 'data_pipeline', 'mobile_app']) {
        const quiet = (await projectHealth(fx.store, id, now)).alerts.filter((a) => a.kind === 'degradation' && a.status === 'ongoing');
        expect(quiet.map((a) => `${a.metric}@${a.series}`), `${id} at ${new Date(now).toISOString()}`).toEqual([]);
      }
      fx.cleanup();
      fx = null;
    }
    console.log(lines.join('\n'));
  }, 240_000);
});
