/**
 * Folder URLs on the public site's CloudFront distribution. S3 behind Origin Access Control has no
 * index documents: `/statistics/2025/` would be a missing key (403 → the site's 404). A CloudFront
 * Function on viewer-request does what the S3 website endpoint (China regions) and the offline server
 * (local/server.ts) do: a URI ending in `/` gets `index.html`; a last segment without an extension is
 * redirected to its folder (301 to `…/`), so relative links in the folder's page resolve. Files with
 * an extension pass unchanged.
 *
 * The code is plain ES5 (the cloudfront-js-2.0 runtime) and exported as text so that a test can run
 * the very code deployed.
 */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

export const DIRECTORY_INDEX_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
  }
  return request;
}
`;

export class DirectoryIndexFunction extends Construct {
  readonly function: cloudfront.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new cloudfront.Function(this, 'Function', {
      code: cloudfront.FunctionCode.fromInline(DIRECTORY_INDEX_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Public site: folder URLs serve their index.html; extensionless paths redirect to the folder',
    });
  }
}
