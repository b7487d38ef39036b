/**
 * Statistics exports (CSV and XLSX of the figures and the case table): a private,
 * versioned, KMS-encrypted (own key, bucket key), SSL-only bucket, access-logged to the evidence
 * log bucket, retained with the stack. Exports leave the system as files in Feishu; the copy here is
 * what was sent, kept for supervision. Never public: the annual report goes to the public site.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX } from '../../functions/adapters/export/keys.ts';


export interface ReportsBucketProps {
  /** The SSE-S3 bucket that receives server access logs (the evidence construct's). */
  accessLogBucket: s3.IBucket;
}

export class ReportsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: ReportsBucketProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts statistics exports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [
        // A retried export job writes the same key again: keep the earlier bytes a month, not forever.
        { id: 'expire-replaced-exports', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Write and read exports under `exports/` only; no delete, no listing. */
  grantExports(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:GetObject'],
      resourceArns: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resourceArns: [this.key.keyArn],
    });
  }
}
