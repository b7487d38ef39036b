/** CDK CLI entry (`cdk.json` → `npx tsx infra/app.ts`). Context keys: infra/README.md. */
import { createApp } from './create-app.ts';

createApp().app.synth();
