/**
 * The `JobWait` provider as a module, exported as
 * `pulumi-huaweicloud-workspace-jobs/internal/jobWaitStub`, for states whose `__provider` is a
 * `require()` of it (see `jobRetryStub.ts`): its `exports` entry must stay.
 *
 * @packageDocumentation
 */
import { delegatingProvider } from "../shared/delegatingProvider";

export = delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider").shared());
