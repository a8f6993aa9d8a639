using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

[OptionsValidator]
internal sealed partial class SandboxOptionsValidator : IValidateOptions<SandboxOptions>;
