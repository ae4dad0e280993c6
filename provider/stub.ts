/**
 * The provider object that Pulumi serializes into every `JobRetry`'s `__provider`.
 *
 * It holds nothing: each method loads the real implementation by package name at call
 * time, in the provider host, which resolves it from the program's `node_modules`. So the
 * state carries no client, no config and no credential, stays small, and `pulumi destroy`
 * / `refresh` run the installed package's current code, not a copy frozen into the state.
 * When the package is installed in `node_modules`, Pulumi serializes this whole module as
 * one `require()` of it. There is no `delete`:
 * without one the host deletes nothing, which is right, since a retry cannot be undone.
 *
 * @packageDocumentation
 */
// Arrow functions, one-liners: Pulumi serializes each captured function separately with
// a few hundred bytes of wrapping, and `require` itself is never captured.
const impl = () => require("pulumi-huaweicloud-workspace-jobs/internal/provider").shared();

const stub = {
    configure: (...a: [any]) => impl().configure(...a),
    check: (...a: [any, any]) => impl().check(...a),
    diff: (...a: [string, any, any]) => impl().diff(...a),
    create: (...a: [any]) => impl().create(...a),
    read: (...a: [string, any]) => impl().read(...a),
    update: (...a: [string, any, any]) => impl().update(...a),
};

export = stub;
