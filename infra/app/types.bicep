// Types shared by the modules (imported with `import { … } from 'types.bicep'`).

@export()
@description('Resource tags: the azd environment name (azd finds its resources by it) and the application.')
type Tags = {
  'azd-env-name': string
  application: string
}
