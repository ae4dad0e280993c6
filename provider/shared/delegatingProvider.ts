/**
 * The provider object a dynamic resource hands to Pulumi: it holds nothing and loads the
 * real implementation by package name, at call time, in the provider host.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Builds the provider object of a dynamic resource: each method asks `impl` for the real
 * provider and calls it.
 *
 * `impl` must be an arrow function that `require()`s the implementation by package name, e.g.
 * `() => require("pulumi-huaweicloud-workspace-jobs/internal/provider").shared()`: serialized by
 * value it is stored as written, so the state carries no client, no config and no credential,
 * and `pulumi destroy` / `refresh` run the installed package's code, not a copy frozen into
 * the state. There is no `delete`: without one the host deletes nothing, which is right for
 * an action that cannot be undone.
 *
 * @param impl - returns the real provider; runs in the provider host, which resolves the `require()` from the program's directory
 */
export function delegatingProvider(impl: () => pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
    // Arrow one-liners, `a` for the arguments: this text is stored in every resource's state, as
    // written, so it stays as short as it reads clearly. Pulumi never captures `require` itself.
    return {
        configure: (...a: [any]) => impl().configure!(...a),
        check: (...a: [any, any]) => impl().check!(...a),
        diff: (...a: [string, any, any]) => impl().diff!(...a),
        create: (...a: [any]) => impl().create(...a),
        read: (...a: [string, any]) => impl().read!(...a),
        update: (...a: [string, any, any]) => impl().update!(...a),
    };
}
