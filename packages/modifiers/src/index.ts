export { formatPyFloat, formatPyNumber, type PyNumber, parsePyNumber, pyFloat } from "@iqf/core";
export { BlurModifier, type BlurParams } from "./blur.js";
export { CommandFailed, CommandModifier, type CommandParams } from "./command.js";
export { datasetLabels, labelledDatasets } from "./dataset-labels.js";
export { GsdModifier, type GsdParams } from "./gsd.js";
export { JpgModifier, type JpgParams } from "./jpg.js";
export {
  extraBlurForRer,
  kernelSigmaForRer,
  rerAfterDiscreteBlur,
  rerFromSigma,
  sigmaFromRer,
} from "./kernels/edge-response.js";
export {
  type BorderMode,
  convolveSeparable,
  gaussianBlur,
  gaussianRadius,
  gaussianTaps,
  iquaflowBlur7x7,
  sampledGaussianBlur,
  varianceMatchedSigma,
} from "./kernels/gaussian.js";
export { addedNoiseSigma, addGaussianNoise, imageSeed } from "./kernels/noise.js";
export { keepTopBits } from "./kernels/quantize.js";
export { type ResampleKernel, reducedSize, resampleDownUp } from "./kernels/resample.js";
export { sharpnessBlend } from "./kernels/sharpness.js";
export { NoneModifier } from "./none.js";
export { QuantModifier, type QuantParams } from "./quant.js";
export { createModifier, modifierDefinitions, modifierTypes } from "./registry.js";
export { RerModifier, type RerParams } from "./rer.js";
export { SharpnessModifier, type SharpnessParams } from "./sharpness.js";
export { SnrModifier, type SnrParams } from "./snr.js";
