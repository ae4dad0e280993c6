/**
 * The `JobWait` provider as a module, exported as
 * `pulumi-huaweicloud-workspace-jobs/internal/jobWaitStub`: the same pattern as `jobRetryStub.ts`
 * (see there). States hold a `require()` of this export or of `./internal/jobWaitProvider`,
 * so neither path may change.
 *
 * @packageDocumentation
 */
import { delegatingProvider } from "../shared/delegatingProvider";

// A literal (not PACKAGE_NAME): the arrow is stored in by-value states as written.
export = delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider").shared());
