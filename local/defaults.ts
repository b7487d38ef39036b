/** Local defaults: invented values, not secrets (the fixtures in test/fixtures/feishu use the same). */
export const LOCAL_DEFAULTS = {
  port: 3000,
  simPort: 3001,
  appId: 'cli_local_enforcement_bot',
  appSecret: 'local-app-secret',
  encryptKey: 'INVENTED-encrypt-key-0001',
  verificationToken: 'INVENTED-verification-token-0001',
  rosterFile: 'local/sample-roster.json',
  dataDir: '.local-data',
  tableName: 'enforcement',
  bucket: 'evidence',
};
