/**
 * Evidence storage: a versioned, Object-Lock-enabled, KMS-encrypted (bucket key), SSL-only, never
 * public bucket whose server access logs go to a separate log bucket. Both are retained when the
 * stack is deleted.
 *
 * Layout (functions/adapters/s3/README.md): `cases/<caseId>/evidence/<sha256>` and
 * `cases/<caseId>/dossier/…`, each object locked by the worker as it writes it; `staging/…`, where
 * multipart uploads land before the server-side copy to their final key, never locked and removed by
 * lifecycle within a day or two should the worker not delete them itself. The lock is per object, not
 * a bucket default: a default would lock the staging objects too, and they must be deletable.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CASES_PREFIX, type ObjectLockSettings, STAGING_PREFIX } from '../../functions/adapters/s3/config.ts';

export interface EvidenceBucketProps {
  /** What the worker applies to each object under `cases/`; the bucket policy refuses anything less. */
  readonly lock: ObjectLockSettings;
}

export class EvidenceBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly accessLogBucket: s3.Bucket;
  readonly lock: ObjectLockSettings;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    this.lock = props.lock;

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts case evidence objects',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // S3 delivers server access logs only to a target bucket with SSE-S3 default encryption
    // (SSE-KMS is not supported for log targets), so this bucket cannot use the KMS key.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
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
      // Enabled without a default retention: the worker locks each case object as it writes it.
      objectLockEnabled: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // A worker that died mid-upload leaves parts nobody lists; S3 frees them after a day.
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Staging objects the worker could not delete: gone after a day (and their old versions).
        { id: 'ExpireStaging', prefix: STAGING_PREFIX, expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
        { id: 'RemoveStagingDeleteMarkers', prefix: STAGING_PREFIX, expiredObjectDeleteMarker: true },
      ],
    });

    // Nothing lands under cases/ without the configured lock (mode and at least the retention), by
    // whatever role: a bug or a stolen worker credential cannot write an unlocked version there.
    const caseObjects = this.bucket.arnForObjects(`${CASES_PREFIX}*`);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyCaseObjectsWithoutTheLockMode',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [caseObjects],
        // A missing header counts as "not equal" too.
        conditions: { StringNotEquals: { 's3:object-lock-mode': props.lock.mode } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyCaseObjectsWithAShorterLock',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [caseObjects],
        // One day of slack for the time between the worker's clock and S3's.
        conditions: { NumericLessThan: { 's3:object-lock-remaining-retention-days': String(Math.max(props.lock.days - 1, 0)) } },
      }),
    );
  }

  /**
   * Exactly what functions/adapters/s3/evidence-store.ts calls, and nothing that removes evidence:
   * - `cases/*`: PutObject (single PUT, the copy's destination, the manifest) with
   *   PutObjectRetention (the lock it sets), GetObject/GetObjectVersion (HEAD, read back, re-hash,
   *   presigned links — which act with these permissions);
   * - `staging/*`: PutObject (multipart create, parts, complete), AbortMultipartUpload,
   *   GetObject/GetObjectVersion (the copy's source, by version), DeleteObject/DeleteObjectVersion
   *   (the staging object, by version, so that its bytes are gone and not just hidden);
   * - the bucket: ListBucket (a case's objects by prefix; a HEAD of a missing key is then 404, not 403);
   * - the key: GenerateDataKey (writes) and Decrypt (reads, completing a multipart upload, copying).
   * No DeleteObject on `cases/`, no BypassGovernanceRetention, no PutObjectLegalHold.
   */
  grantEvidenceAccess(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject', 's3:GetObjectVersion'],
      resourceArns: [this.bucket.arnForObjects(`${CASES_PREFIX}*`)],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      resourceArns: [this.bucket.arnForObjects(`${STAGING_PREFIX}*`)],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resourceArns: [this.key.keyArn],
    });
  }
}
