export { type ChannelPlane, extractPlane, iquaflowPlanes } from "./channel-planes.js";
export { type DecodedInput, decodeMeasuredImage } from "./decode-image.js";
export {
  type ResolvedImages,
  resolveImageFiles,
  type SkippedFile,
} from "./resolve-image-files.js";
