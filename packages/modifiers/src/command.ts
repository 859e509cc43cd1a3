import { readdir } from "node:fs/promises";
import { basename, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  type DatasetHeaders,
  type FactoryContext,
  findExecutable,
  type ImageFormat,
  IqfError,
  type ModifiedImage,
  type Modifier,
  type ModifyContext,
  type ParamProblem,
  type Params,
  type SampleType,
  type SourceImage,
} from "@iqf/core";
import { openImageFile } from "@iqf/datasets";
import { execa } from "execa";
import sharp from "sharp";
import { z } from "zod";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** An external program failed on one image (non-zero exit, timeout, missing or unreadable output). */
export class CommandFailed extends IqfError {
  /**
   * @param file - the source image (relative path) the command was run for.
   * @param reason - what went wrong, e.g. `exited with code 2: <last stderr line>`.
   */
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super("COMMAND_FAILED", `${file}: command modifier failed: ${reason}`);
  }
}

/** Parameters of {@link CommandModifier}. */
export interface CommandParams {
  /**
   * The program and its arguments. An array, or a string holding a JSON array
   * (`["python3","sr.py","--in","{input}"]`) or words separated by spaces (no quoting; use JSON
   * for arguments containing spaces). Placeholders in any argument: `{input}` (absolute path of
   * the source image), `{outputDir}` (an empty folder for this image), `{stem}` (file name
   * without its last extension). Never run through a shell.
   */
  readonly argv: readonly string[] | string;
  /** Name of the modification, giving the folder suffix `<name>_modifier`. Default `command`. */
  readonly name?: string;
  /** Seconds an image may take before the program is killed and the image reported. Default 600. */
  readonly timeout?: number | string;
  /**
   * Where the program writes its result, e.g. `{outputDir}/{stem}_sr.png`. Default: the one file
   * the program wrote into `{outputDir}`.
   */
  readonly output?: string;
}

const PLACEHOLDER = /\{(input|outputDir|stem)\}/g;

const argvParam = z.unknown().transform((input, ctx): string[] => {
  let words: unknown = input;
  if (typeof input === "string") {
    const text = input.trim();
    try {
      words = text.startsWith("[") ? JSON.parse(text) : text.split(/\s+/).filter((word) => word !== "");
    } catch {
      words = undefined;
    }
  }
  if (
    !Array.isArray(words) ||
    words.length === 0 ||
    !words.every((word) => typeof word === "string" && word !== "")
  ) {
    ctx.addIssue({
      code: "custom",
      message: "must be a non-empty list of program arguments (an array or a JSON array string)",
    });
    return z.NEVER;
  }
  return words as string[];
});

/** zod schema of the {@link CommandModifier} params. */
export const commandParamsSchema = z.strictObject({
  argv: argvParam.describe("program and arguments (JSON array or words); {input}, {outputDir}, {stem}"),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'")
    .default("command")
    .describe("folder suffix <name>_modifier"),
  timeout: pyNumberParam({ above: 0, max: 86_400 }).prefault(600).describe("seconds per image"),
  output: z
    .string()
    .refine((text) => text.startsWith("{outputDir}/"), "must start with {outputDir}/")
    .optional()
    .describe("result file, e.g. {outputDir}/{stem}_sr.png"),
});

const FORMATS: Readonly<Record<string, ImageFormat>> = { jpeg: "jpeg", png: "png", tiff: "tiff" };

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, key: string) => values[key]!);
}

/**
 * Runs an external program once per image, e.g. a super-resolution model (replacing iquaflow's
 * `DSModifier_sr`). The program gets an argv array (never a shell), writes its result into
 * `{outputDir}`, and that file becomes the modified image; a result in another format than the
 * source (e.g. PNG from a JPEG) is decoded and written back in the source's format. A non-zero
 * exit, a timeout, or a missing/unreadable result fails that image with {@link CommandFailed}
 * (the pipeline reports it and carries on with the other images).
 */
export class CommandModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly argv: readonly string[];
  private readonly timeoutMs: number;
  private readonly output: string | undefined;
  private readonly baseDir: string;

  /**
   * @param params - see {@link CommandParams}; invalid values throw `InvalidParams`.
   * @param context - `baseDir`: where a relative program path (`./sr.sh`) starts; the current
   *   folder by default (an experiment file's folder for its modifiers).
   */
  constructor(params: CommandParams, context?: FactoryContext) {
    const parsed = parseParams("command modifier", commandParamsSchema, params as unknown as RawParams);
    this.argv = parsed.argv;
    this.timeoutMs = parsed.timeout.value * 1000;
    this.output = parsed.output;
    this.baseDir = resolve(context?.baseDir ?? process.cwd());
    this.name = `${parsed.name}_modifier`;
    this.params = {
      command: JSON.stringify(this.argv),
      timeout: parsed.timeout.value,
      ...(this.output === undefined ? {} : { output: this.output }),
    };
  }

  /** The program, a relative path made absolute from `baseDir` (the program runs in `{outputDir}`). */
  private program(word: string): string {
    return word.includes("/") && !isAbsolute(word) ? resolve(this.baseDir, word) : word;
  }

  /** Refuses a program that cannot be run (not on `PATH`, not an executable file) before any image. */
  async checkDataset(_dataset: DatasetHeaders): Promise<readonly ParamProblem[]> {
    const program = this.argv[0]!;
    if (program.search(PLACEHOLDER) >= 0) return [];
    const found = await findExecutable(this.program(program), this.baseDir, process.env);
    return "path" in found
      ? []
      : [{ param: "argv", message: `program "${program}" cannot be run: ${found.problem}` }];
  }

  /** @inheritDoc */
  async modifyImage(image: SourceImage, context: ModifyContext): Promise<ModifiedImage> {
    // Placeholders are absolute: the program runs in {outputDir}, not in iqf's working folder.
    const workDir = resolve(context.workDir);
    const values = {
      input: resolve(image.path),
      outputDir: workDir,
      stem: basename(image.path, extname(image.path)),
    };
    const [program, ...args] = this.argv.map((word) => fill(word, values));
    const result = await execa(this.program(program!), args, {
      timeout: this.timeoutMs,
      reject: false,
      stdin: "ignore",
      cwd: workDir,
      ...(context.signal === undefined ? {} : { cancelSignal: context.signal }),
    });
    if (result.failed) throw new CommandFailed(image.relativePath, this.describeFailure(result));
    const file = await this.findOutput(image, workDir, values);
    return this.adopt(image, file);
  }

  private describeFailure(result: {
    timedOut: boolean;
    exitCode?: number | undefined;
    signal?: string | undefined;
    stderr?: unknown;
    shortMessage?: string | undefined;
  }): string {
    const lastLine = typeof result.stderr === "string" ? result.stderr.trim().split("\n").pop() : undefined;
    const detail = lastLine ? `: ${lastLine}` : "";
    if (result.timedOut) return `timed out after ${this.timeoutMs / 1000} s (raise timeout=)`;
    if (result.exitCode !== undefined) return `exited with code ${result.exitCode}${detail}`;
    if (result.signal !== undefined) return `killed by ${result.signal}${detail}`;
    return result.shortMessage ?? "the program could not be run";
  }

  private async findOutput(
    image: SourceImage,
    workDir: string,
    values: Record<string, string>,
  ): Promise<string> {
    if (this.output !== undefined) {
      const file = resolve(fill(this.output, values));
      const inside = relative(resolve(workDir), file);
      if (inside.startsWith("..") || inside.includes(`..${sep}`)) {
        throw new CommandFailed(image.relativePath, `output ${file} is outside the output folder`);
      }
      return file;
    }
    const entries = await readdir(workDir, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    if (files.length === 1) return join(workDir, files[0]!);
    if (files.length === 0)
      throw new CommandFailed(image.relativePath, "the program wrote no file into {outputDir}");
    throw new CommandFailed(
      image.relativePath,
      `the program wrote ${files.length} files (${files.join(", ")}); say which one is the result with output={outputDir}/<file>`,
    );
  }

  private async adopt(image: SourceImage, file: string): Promise<ModifiedImage> {
    let format: ImageFormat | undefined;
    try {
      format = FORMATS[(await sharp(file).metadata()).format ?? ""];
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0];
      throw new CommandFailed(
        image.relativePath,
        `result ${basename(file)} is missing or not an image (${reason})`,
      );
    }
    if (format === image.format) return { file };
    const input = await openImageFile(file);
    const { depth } = await input.metadata();
    const sixteen = depth === "ushort";
    const { data, info } = await input
      .raw(sixteen ? { depth: "ushort" } : {})
      .toBuffer({ resolveWithObject: true });
    const sampleType: SampleType = sixteen ? "uint16" : "uint8";
    const samples = sixteen
      ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return {
      raster: { width: info.width, height: info.height, channels: info.channels, sampleType, data: samples },
    };
  }
}
