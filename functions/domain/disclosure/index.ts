/**
 * Public disclosure of decisions (事后公开): duties, redaction, the page model, HTML, the JSON feed,
 * withdrawal and the publisher's plan. Pure; see README.md.
 */
export * from './withdrawal.ts';
export * from './duty.ts';
export * from './config.ts';
export * from './redact.ts';
export * from './page.ts';
export * from './html.ts';
export * from './annual-reports.ts';
export * from './feed.ts';
export * from './publisher.ts';
