/**
 * A module-resolution hook for `--module FILE`: a user's module imports core's free functions from
 * 'dualtape' or '@dualtape/core'. Node resolves those from the module's own folder first (so a project
 * with dualtape installed uses its copy); only when that fails does this hook resolve them from the CLI's
 * own location, so a module anywhere on disk works with the CLI that loads it. Registered by
 * module-loader.ts with `module.register`, only when `--module` is used.
 */

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions: readonly string[];
  readonly importAttributes: Readonly<Record<string, string>>;
}

interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}

type NextResolve = (specifier: string, context?: Partial<ResolveContext>) => Promise<ResolveResult>;

let fallbackParentURL: string | undefined;

/** Receives the URL to resolve 'dualtape' from when the importing module cannot. */
export async function initialize(data: { readonly fallbackParentURL: string }): Promise<void> {
  fallbackParentURL = data.fallbackParentURL;
}

/** Node's resolve hook: the normal resolution, then the CLI's own copy for dualtape's packages. */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const ours = specifier === 'dualtape' || specifier.startsWith('@dualtape/');
    const notFound = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    if (!ours || !notFound || fallbackParentURL === undefined) throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParentURL });
  }
}
