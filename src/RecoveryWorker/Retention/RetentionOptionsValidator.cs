using Microsoft.Extensions.Options;

namespace RecoveryWorker.Retention;

[OptionsValidator]
internal sealed partial class RetentionOptionsValidator : IValidateOptions<RetentionOptions>;
