/**
 * The publisher's data as the tick uses it: data/disclosure-rules.json and data/redaction-rules.json
 * (bundled JSON, validated once per cold start) and the site's identity (the bureau's name, the
 * site's title, its public URL when known).
 */
import disclosureRulesData from '../../data/disclosure-rules.json' with { type: 'json' };
import redactionRulesData from '../../data/redaction-rules.json' with { type: 'json' };
import type { DisclosureSettings } from '../app/disclosure/context.ts';
import { buildDisclosureRules, buildRedactionRules } from '../domain/disclosure/config.ts';

/** 执法机关 on every page; `PUBLIC_SITE_BUREAU` overrides it. */
export const DEFAULT_BUREAU = '甘孜藏族自治州经济和信息化局';
export const SITE_TITLE = '行政执法决定公开';

let settings: DisclosureSettings | undefined;

export function disclosureSettings(env: Record<string, string | undefined> = process.env): DisclosureSettings {
  settings ??= {
    disclosureRules: buildDisclosureRules(disclosureRulesData),
    redactionRules: buildRedactionRules(redactionRulesData),
    site: {
      bureau: env.PUBLIC_SITE_BUREAU?.trim() || DEFAULT_BUREAU,
      title: SITE_TITLE,
      ...(env.PUBLIC_SITE_URL && /^https?:\/\/[^\s]+\/$/.test(env.PUBLIC_SITE_URL) ? { baseUrl: env.PUBLIC_SITE_URL } : {}),
    },
  };
  return settings;
}
