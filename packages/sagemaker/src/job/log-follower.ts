import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";

/** CloudWatch log group of SageMaker training jobs. */
export const trainingLogGroup = "/aws/sagemaker/TrainingJobs";

/**
 * Follows the CloudWatch log streams of one training job (`<job>/algo-<n>-<time>` in
 * `/aws/sagemaker/TrainingJobs`): each call of {@link LogFollower.poll} hands the lines
 * logged since the previous call to `sink`, stream by stream, in order.
 */
export class LogFollower {
  private readonly tokens = new Map<string, string>();

  /**
   * @param logs - the CloudWatch Logs client.
   * @param jobName - training job name.
   * @param sink - receives every new line, prefixed with the stream's host when the job has several.
   */
  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly jobName: string,
    private readonly sink: (line: string) => void,
  ) {}

  /** Reads the new events of every stream of the job. A missing log group means no lines yet. */
  async poll(): Promise<void> {
    let streams: string[];
    try {
      const answer = await this.logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: trainingLogGroup,
          logStreamNamePrefix: `${this.jobName}/`,
        }),
      );
      streams = (answer.logStreams ?? [])
        .map((stream) => stream.logStreamName ?? "")
        .filter((name) => name !== "");
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return;
      throw error;
    }
    streams.sort();
    for (const stream of streams) await this.readStream(stream, streams.length > 1);
  }

  private async readStream(stream: string, prefixHost: boolean): Promise<void> {
    const host = stream
      .slice(this.jobName.length + 1)
      .split("-")
      .slice(0, 2)
      .join("-");
    for (;;) {
      const token = this.tokens.get(stream);
      const answer = await this.logs.send(
        new GetLogEventsCommand({
          logGroupName: trainingLogGroup,
          logStreamName: stream,
          startFromHead: true,
          ...(token !== undefined ? { nextToken: token } : {}),
        }),
      );
      for (const event of answer.events ?? []) {
        const message = (event.message ?? "").replace(/\n$/, "");
        this.sink(prefixHost ? `[${host}] ${message}` : message);
      }
      const next = answer.nextForwardToken;
      // CloudWatch answers the token it was given when there is nothing new.
      if (next === undefined || next === token) return;
      this.tokens.set(stream, next);
      if ((answer.events ?? []).length === 0) return;
    }
  }
}
