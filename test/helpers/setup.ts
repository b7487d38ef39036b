// The AWS SDK warns about Node 20 on every client; that is noise in test output only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
