/**
 * The `JobRetry` provider as a module, exported as `pulumi-huaweicloud-workspace-jobs/internal/stub`,
 * for states written by earlier versions: 0.1 stored `__provider` as one `require()` of this
 * export, and `pulumi refresh` / `destroy` / `up` of such a state load it in the
 * provider host. Nothing writes that form any more (`program/serializedProvider.ts` stores
 * the provider by value), but this file's `exports` entry must stay as long as such states
 * may exist.
 *
 * @packageDocumentation
 */
import { delegatingProvider } from "../shared/delegatingProvider";

export = delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/provider").shared());
