import type { CreateTrainingJobRequest, TrainingInstanceType } from "@aws-sdk/client-sagemaker";
import { frameworkImageUri } from "../config/images.js";
import type { ResolvedSageMakerOptions } from "../config/resolve.js";
import { type S3Location, s3Uri } from "../upload/s3-location.js";

/** The per-run parts of a training job request. */
export interface JobRequestParts {
  /** Job name. */
  readonly name: string;
  /** Hyperparameters (strings). */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** Channel name → uploaded data prefix. */
  readonly channels: Readonly<Record<string, S3Location>>;
  /** `OutputDataConfig.S3OutputPath`. */
  readonly outputPath: S3Location;
  /** Region, for framework images. */
  readonly region: string;
  /** Job tags (ids only: never credentials). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The training image of the options (a framework is resolved for the region). */
export function trainingImage(options: ResolvedSageMakerOptions, region: string): string {
  if (options.image !== undefined) return options.image;
  const framework = options.framework!;
  return frameworkImageUri(framework.name, framework.version, framework.py, region, options.instanceType);
}

/** Builds the `CreateTrainingJob` request of one run. */
export function createTrainingJobRequest(
  options: ResolvedSageMakerOptions,
  parts: JobRequestParts,
): CreateTrainingJobRequest {
  const vpc =
    options.subnets && options.securityGroupIds
      ? { VpcConfig: { Subnets: [...options.subnets], SecurityGroupIds: [...options.securityGroupIds] } }
      : {};
  return {
    TrainingJobName: parts.name,
    RoleArn: options.role!,
    AlgorithmSpecification: {
      TrainingImage: trainingImage(options, parts.region),
      TrainingInputMode: "File",
    },
    HyperParameters: { ...parts.hyperparameters },
    InputDataConfig: Object.entries(parts.channels).map(([name, location]) => ({
      ChannelName: name,
      InputMode: "File",
      DataSource: {
        S3DataSource: {
          S3DataType: "S3Prefix",
          S3Uri: s3Uri(location),
          S3DataDistributionType: "FullyReplicated",
        },
      },
    })),
    OutputDataConfig: { S3OutputPath: s3Uri(parts.outputPath) },
    ResourceConfig: {
      InstanceType: options.instanceType as TrainingInstanceType,
      InstanceCount: options.instanceCount,
      VolumeSizeInGB: options.volumeSizeGB,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: options.maxRuntimeSeconds,
      ...(options.spot
        ? { MaxWaitTimeInSeconds: Math.max(options.maxWaitSeconds ?? 0, options.maxRuntimeSeconds) }
        : {}),
    },
    ...(options.spot ? { EnableManagedSpotTraining: true } : {}),
    ...(Object.keys(options.environment).length > 0 ? { Environment: { ...options.environment } } : {}),
    ...vpc,
    Tags: Object.entries(parts.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}
