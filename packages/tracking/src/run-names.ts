import { randomInt } from "node:crypto";

const adjectives = [
  "amber",
  "brave",
  "calm",
  "clever",
  "crisp",
  "daring",
  "eager",
  "gentle",
  "honest",
  "keen",
  "lively",
  "lucky",
  "mellow",
  "nimble",
  "polite",
  "quiet",
  "rapid",
  "sunny",
  "tidy",
  "witty",
];
const animals = [
  "badger",
  "bee",
  "crane",
  "deer",
  "dolphin",
  "falcon",
  "fox",
  "gecko",
  "heron",
  "ibis",
  "koala",
  "lark",
  "lynx",
  "moth",
  "otter",
  "owl",
  "panda",
  "seal",
  "swan",
  "wolf",
];

/** A run name in MLflow's style (`<adjective>-<animal>-<number>`), used when none is given. */
export function generateRunName(): string {
  return `${adjectives[randomInt(adjectives.length)]}-${animals[randomInt(animals.length)]}-${randomInt(1000)}`;
}
