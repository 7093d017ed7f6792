// What a tag or promote will create, decided without touching git: shared by the CLI and the
// extension so both refuse the same things with the same words.
import type { RegistryModel } from './registry';
import { bumpSemVer, parseSemVer, type Bump } from './semver';
import { formatGtoTag, isValidModelName, isValidStageName } from './tagGrammar';

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface TagPlan {
  tag: string;
  version: string;
  message: string;
}

/** A version as plans see it: from a Git tag, or (with `mlflow`) from MLflow's registry. */
type PlannedVersion = RegistryModel['versions'][number] & { mlflow?: unknown };

/** The versions Git tags made: MLflow registry versions are not GTO's to bump or refuse. */
function gitVersions(model: { versions: readonly PlannedVersion[] } | undefined): PlannedVersion[] {
  return model?.versions.filter((v) => !v.mlflow) ?? [];
}

/** Stages are GTO tags on Git versions; an MLflow version's stage or alias is set in MLflow. */
export function assertPromotable(modelName: string, version: { version: string; mlflow?: unknown }): void {
  if (version.mlflow) {
    throw new PlanError(
      `${modelName} ${version.version} is an MLflow registry version: give it an alias or stage in MLflow, or register its commit in Git first (model-versions tag ${modelName} vX.Y.Z) and promote that`,
    );
  }
}

/** The version a bump gives, from the highest version ever registered (deregistered ones too). */
export function nextVersion(model: Pick<RegistryModel, 'versions'> | undefined, bump: Bump): string {
  const highest = gitVersions(model).find((v) => v.registered && v.semver)?.semver;
  return `v${bumpSemVer(highest, bump)}`;
}

/** Plans a registration tag for `spec` (major | minor | patch | vX.Y.Z) on `headCommit`. */
export function planRegistration(
  modelName: string,
  model: Pick<RegistryModel, 'versions'> | undefined,
  spec: string,
  headCommit: string,
  message?: string,
): TagPlan {
  if (!isValidModelName(modelName)) {
    throw new PlanError(`'${modelName}' is not a valid model name (letters, digits, '-', '_', '/'; a folder may prefix it as folder:name)`);
  }
  let version: string;
  if (spec === 'major' || spec === 'minor' || spec === 'patch') version = nextVersion(model, spec);
  else {
    version = spec.startsWith('v') ? spec : `v${spec}`;
    if (!parseSemVer(version.slice(1))) throw new PlanError(`'${spec}' is not major, minor, patch or a SemVer version like v1.2.0`);
  }
  const tagged = gitVersions(model);
  if (tagged.some((v) => v.version === version && v.registered)) {
    throw new PlanError(`${modelName} ${version} already exists; pick another version`);
  }
  const onHead = tagged.find((v) => v.commit === headCommit && v.registered && v.active);
  if (onHead) throw new PlanError(`HEAD is already registered as ${modelName} ${onHead.version}`);
  return {
    tag: formatGtoTag({ model: modelName, action: 'register', version }),
    version,
    message: message?.trim() ? message : `Registering artifact ${modelName} version ${version}`,
  };
}

/** Plans a stage assignment: GTO's counter is 1 + the highest counter among the model's tags. */
export function planPromotion(
  model: Pick<RegistryModel, 'name' | 'stages' | 'maxCounter'>,
  version: { version: string; registered: boolean; commit: string; mlflow?: unknown },
  stage: string,
  message?: string,
): TagPlan {
  assertPromotable(model.name, version);
  if (!isValidStageName(stage)) throw new PlanError(`'${stage}' is not a valid stage name (letters, digits, '-', '_', '/')`);
  if (model.stages[stage] === version.version) throw new PlanError(`${model.name} ${version.version} is already in ${stage}`);
  return {
    tag: formatGtoTag({ model: model.name, action: 'assign', stage, counter: model.maxCounter + 1 }),
    version: version.version,
    message: message?.trim()
      ? message
      : `Assigning stage ${stage} to artifact ${model.name} ${version.registered ? `version ${version.version}` : `commit ${version.commit}`}`,
  };
}

/** Stages to offer: the configured ones in their order, then others already in use. */
export function stageChoices(configured: readonly string[], used: Iterable<string>): string[] {
  const out = [...configured];
  for (const s of used) if (!out.includes(s)) out.push(s);
  return out;
}
