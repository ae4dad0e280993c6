/**
 * The provider object that Pulumi serializes into every `JobWait`'s `__provider`: the same
 * pattern as `stub.ts` (see there), loading `JobWaitProvider` by package name at call time.
 *
 * @packageDocumentation
 */
const impl = () => require("pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider").shared();

const stub = {
    configure: (...a: [any]) => impl().configure(...a),
    check: (...a: [any, any]) => impl().check(...a),
    diff: (...a: [string, any, any]) => impl().diff(...a),
    create: (...a: [any]) => impl().create(...a),
    read: (...a: [string, any]) => impl().read(...a),
    update: (...a: [string, any, any]) => impl().update(...a),
};

export = stub;
