/**
 * The public disclosure site (事后公开): static files in a bucket of their own, written only by the
 * publisher (functions/adapters/site/s3.ts).
 *
 * - Global regions: the bucket is private (block all public access, TLS only) and served through
 *   CloudFront with Origin Access Control, HTTPS only, security headers, access logs.
 * - China regions: CloudFront there has no Origin Access Control (`AWS::CloudFront::OriginAccessControl`
 *   is not a resource type the aws-cn partition's CloudFormation recognises; CDK synthesises it and the
 *   deployment fails), cannot serve on its own *.cloudfront.cn domain, and takes no ACM certificate.
 *   So the bucket itself is the website: the S3 website endpoint, with a public-read policy on this
 *   bucket's objects only — the one public bucket of the stack; it holds nothing but redacted pages.
 *   Serving it needs the account's ICP filing; `siteDomainName` names the bucket after an ICP-filed
 *   domain so a CNAME can point at the endpoint (infra/README.md, "The public site").
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INDEX_PATH, PUBLIC_SITE_ENV, SECURITY_HEADERS } from '../../functions/adapters/site/files.ts';
import { DirectoryIndexFunction } from './directory-index.ts';

export { PUBLIC_SITE_ENV };

export interface PublicSiteProps {
  /** China partition: website endpoint instead of CloudFront + OAC. */
  readonly china: boolean;
  /** China only: the ICP-filed host name the site is served at (the bucket is named after it). */
  readonly domainName?: string;
}

export class PublicSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution?: cloudfront.Distribution;
  /** Where readers find the site. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);

    // Access logs of the bucket and (global) of the distribution. CloudFront's standard logs are
    // written with an ACL, so this bucket keeps ACLs enabled (bucket owner preferred); SSE-S3, the only
    // encryption either log delivery supports.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: props.china ? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED : s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const common = {
      // Public pages: SSE-S3 is enough, and a website endpoint can serve only SSE-S3 objects.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // The publisher can rewrite every file from the case records; retained so that deleting the
      // stack never fails on a non-empty bucket. Its policy (and so any public access) goes with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies s3.BucketProps;

    if (props.china) {
      this.bucket = new s3.Bucket(this, 'Bucket', {
        ...common,
        bucketName: props.domainName,
        websiteIndexDocument: INDEX_PATH,
        // Public reads through a bucket policy (objects only), never through ACLs.
        blockPublicAccess: new s3.BlockPublicAccess({
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
        }),
      });
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'PublicReadOfTheDisclosureSite',
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:GetObject'],
          resources: [this.bucket.arnForObjects('*')],
        }),
      );
      this.url = props.domainName ? `http://${props.domainName}/` : `${this.bucket.bucketWebsiteUrl}/`;
      return;
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...common,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Security headers of the public disclosure site (the same as offline: functions/adapters/site/files.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: SECURITY_HEADERS['content-security-policy'], override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    // Folder URLs (`statistics/2025/`, `draws/`): the S3 website endpoint in China serves them itself.
    const directoryIndex = new DirectoryIndexFunction(this, 'DirectoryIndex');

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Public disclosure site (事后公开)',
      defaultRootObject: INDEX_PATH,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // Honours the objects' Cache-Control (5 minutes for pages, 1 for the index and feed).
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: directoryIndex.function, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      // Without s3:ListBucket, S3 answers a missing key with 403: a page taken down (or never
      // published) is a 404 that shows the current list.
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: `/${INDEX_PATH}`, ttl: Duration.minutes(1) }],
      // Edges in Asia (Hong Kong, Singapore, Japan …) for readers in and near China.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
  }

  /**
   * The lists' and draws' jobs (the worker): read (the feed, to render the index; whether a page is
   * there) and write the site's files, never delete one (a published list version or draw stays), and
   * list the bucket so that a missing file reads as 404 (NoSuchKey), not 403.
   */
  grantWrite(grantee: iam.IGrantable): void {
    // Statements with a Sid of their own: CDK would otherwise merge them with the grantee's other
    // S3 statements of the same actions (the reports bucket's), and one statement would span buckets.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'PublicSiteWritePages', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'PublicSiteList', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }

  /**
   * The publisher: read (the feed, to know what is live), write and delete the site's files, and
   * list the bucket so that a missing file reads as 404 (NoSuchKey), not 403.
   */
  grantPublish(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
  }
}
