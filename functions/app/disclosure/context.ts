/** What the publisher and the withdrawal are given. */
import type { DisclosureRules, RedactionRules } from '../../domain/disclosure/config.ts';
import type { SiteConfig } from '../../domain/disclosure/page.ts';

export interface DisclosureSettings {
  disclosureRules: DisclosureRules;
  redactionRules: RedactionRules;
  site: SiteConfig;
}
