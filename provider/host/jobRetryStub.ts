/**
 * The `JobRetry` provider as a module, exported as `pulumi-huaweicloud-workspace-jobs/internal/stub`.
 *
 * Where the layout allows it (see `serializedProvider.ts`), Pulumi serializes this module as
 * one `require()` of that export: 287 bytes. States written by 0.1.0 hold exactly that
 * `require()`, and `pulumi destroy` / `refresh` run it again: this file's path and its
 * `exports` entry, and the implementation's (`./internal/provider`), must never change.
 *
 * @packageDocumentation
 */
import { delegatingProvider } from "../shared/delegatingProvider";

// A literal (not PACKAGE_NAME): the arrow is stored in by-value states as written.
export = delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/provider").shared());
