# Pester tests of restrict-calendar-access.ps1 against a fake Exchange Online: every cmdlet the script calls is
# mocked over one in-memory organisation (groups, management scopes, service principals, role assignments, access
# policies), and `az` answers from a fake Entra. Run by `npm run verify:infra` (infra/verify.ts).

BeforeAll {
  $script:Subject = Join-Path $PSScriptRoot 'restrict-calendar-access.ps1'
  $script:AppId = '11111111-2222-4333-8444-555555555555'
  $script:GroupAddress = 'pairwise-participants@contoso.com'

  # The commands exist only in the ExchangeOnlineManagement module and the Azure CLI; stand-ins with the same
  # parameters let Pester mock them here.
  function global:Connect-ExchangeOnline { [CmdletBinding()] param([switch] $ShowBanner) }
  function global:Get-ConnectionInformation { [CmdletBinding()] param() }
  function global:Get-DistributionGroup { [CmdletBinding()] param([string] $Identity) }
  function global:Get-ManagementScope { [CmdletBinding()] param([string] $Identity) }
  function global:New-ManagementScope { [CmdletBinding()] param([string] $Name, [string] $RecipientRestrictionFilter) }
  function global:Set-ManagementScope { [CmdletBinding()] param([string] $Identity, [string] $RecipientRestrictionFilter) }
  function global:Get-ServicePrincipal { [CmdletBinding()] param([string] $Identity) }
  function global:New-ServicePrincipal { [CmdletBinding()] param([string] $AppId, [string] $ObjectId, [string] $DisplayName) }
  function global:Get-ManagementRoleAssignment { [CmdletBinding()] param([string] $RoleAssignee, [string] $Role) }
  function global:New-ManagementRoleAssignment { [CmdletBinding()] param([string] $App, [string] $Role, [string] $CustomResourceScope) }
  function global:Test-ServicePrincipalAuthorization { [CmdletBinding()] param([string] $Identity, [string] $Resource) }
  function global:Get-ApplicationAccessPolicy { [CmdletBinding()] param() }
  function global:New-ApplicationAccessPolicy {
    [CmdletBinding()] param([string] $AppId, [string] $PolicyScopeGroupId, [string] $AccessRight, [string] $Description)
  }
  function global:Test-ApplicationAccessPolicy { [CmdletBinding()] param([string] $Identity, [string] $AppId) }
  function global:az { }

  # Runs the script as an administrator would, without its closing Write-Host lines.
  function Invoke-Subject([hashtable] $Parameters) {
    $arguments = @{ AppId = $script:AppId; Group = $script:GroupAddress; TestMailbox = 'ana@contoso.com' }
    foreach ($key in $Parameters.Keys) { $arguments[$key] = $Parameters[$key] }
    & $script:Subject @arguments 6>$null
  }
}

AfterAll {
  foreach ($name in 'Connect-ExchangeOnline', 'Get-ConnectionInformation', 'Get-DistributionGroup', 'Get-ManagementScope',
    'New-ManagementScope', 'Set-ManagementScope', 'Get-ServicePrincipal', 'New-ServicePrincipal',
    'Get-ManagementRoleAssignment', 'New-ManagementRoleAssignment', 'Test-ServicePrincipalAuthorization',
    'Get-ApplicationAccessPolicy', 'New-ApplicationAccessPolicy', 'Test-ApplicationAccessPolicy', 'az') {
    Remove-Item "function:global:$name" -ErrorAction SilentlyContinue
  }
  Remove-Variable FakeOrg -Scope Global -ErrorAction SilentlyContinue
}

Describe 'restrict-calendar-access.ps1' {
  BeforeAll {
    # The fake organisation's behaviour, once for every test (each test gets a fresh organisation below).
    Mock Get-ConnectionInformation { [pscustomobject]@{ State = 'Connected' } }
    Mock Connect-ExchangeOnline {}
    Mock Get-DistributionGroup {
      $group = $global:FakeOrg.Groups[$Identity]
      if (-not $group) { Write-Error "The operation couldn't be performed because object '$Identity' couldn't be found." }
      $group
    }
    Mock Get-ManagementScope { $global:FakeOrg.Scopes[$Identity] }
    Mock New-ManagementScope {
      $global:FakeOrg.Scopes[$Name] = [pscustomobject]@{ Name = $Name; RecipientFilter = $RecipientRestrictionFilter }
    }
    Mock Set-ManagementScope { $global:FakeOrg.Scopes[$Identity].RecipientFilter = $RecipientRestrictionFilter }
    Mock Get-ServicePrincipal { $global:FakeOrg.ServicePrincipals[$Identity] }
    Mock New-ServicePrincipal {
      $global:FakeOrg.ServicePrincipals[$AppId] = [pscustomobject]@{ AppId = $AppId; ObjectId = $ObjectId; DisplayName = $DisplayName }
    }
    Mock Get-ManagementRoleAssignment {
      $global:FakeOrg.RoleAssignments | Where-Object { $_.App -eq $RoleAssignee -and $_.Role -eq $Role }
    }
    Mock New-ManagementRoleAssignment {
      $global:FakeOrg.RoleAssignments.Add([pscustomobject]@{
          Name = "$Role-$App"; App = $App; Role = $Role; CustomResourceScope = $CustomResourceScope
        })
    }
    Mock Test-ServicePrincipalAuthorization {
      foreach ($assignment in $global:FakeOrg.RoleAssignments) {
        [pscustomobject]@{ RoleName = $assignment.Role; GrantedPermissions = $assignment.Role; InScope = $true }
      }
    }
    Mock Get-ApplicationAccessPolicy { $global:FakeOrg.Policies }
    Mock New-ApplicationAccessPolicy {
      $group = $global:FakeOrg.Groups[$PolicyScopeGroupId]
      $global:FakeOrg.Policies.Add([pscustomobject]@{
          AppId = $AppId; ScopeName = $group.DisplayName; ScopeIdentity = $group.Name; AccessRight = $AccessRight
          Description = $Description
        })
    }
    Mock Test-ApplicationAccessPolicy {
      [pscustomobject]@{ AppId = $AppId; Mailbox = $Identity; AccessCheckResult = 'Granted' }
    }
    # az: `ad sp show` of the app or of Microsoft Graph, and `rest` for the app's Graph role assignments.
    Mock az {
      $arguments = [string[]] $args
      if ($arguments[0] -eq 'ad' -and $arguments[4] -eq $script:AppId) {
        if ($global:FakeOrg.EnterpriseApp) { $global:FakeOrg.EnterpriseApp | ConvertTo-Json }
      }
      elseif ($arguments[0] -eq 'ad') {
        @{ id = 'graph-sp'; roles = @(@{ id = 'calendars-rw'; value = 'Calendars.ReadWrite' }, @{ id = 'users-r'; value = 'User.Read.All' }) } |
          ConvertTo-Json -Depth 4
      }
      elseif ($arguments[0] -eq 'rest') {
        @{ value = @($global:FakeOrg.EntraGrants | ForEach-Object { @{ appRoleId = $_; resourceId = 'graph-sp' } }) } | ConvertTo-Json -Depth 4
      }
      else { throw "unexpected az $arguments" }
    }
  }

  BeforeEach {
    # One organisation per test (global: the mocks run in the script's scope, not the test's).
    $global:FakeOrg = @{
      Groups          = @{
        'pairwise-participants@contoso.com' = [pscustomobject]@{
          Name                 = 'pairwise-participants20261201'
          DisplayName          = 'pairwise-participants'
          PrimarySmtpAddress   = 'pairwise-participants@contoso.com'
          DistinguishedName    = 'CN=pairwise-participants20261201,OU=contoso.onmicrosoft.com,DC=EURPR01,DC=PROD,DC=OUTLOOK,DC=COM'
          RecipientTypeDetails = 'MailUniversalSecurityGroup'
        }
        'all-staff@contoso.com'             = [pscustomobject]@{
          Name                 = 'all-staff'
          DisplayName          = 'All staff'
          PrimarySmtpAddress   = 'all-staff@contoso.com'
          DistinguishedName    = 'CN=all-staff,OU=contoso.onmicrosoft.com'
          RecipientTypeDetails = 'MailUniversalDistributionGroup'
        }
      }
      Scopes            = @{}
      ServicePrincipals = @{}
      RoleAssignments   = [System.Collections.Generic.List[object]]::new()
      Policies          = [System.Collections.Generic.List[object]]::new()
      # Entra: the app's enterprise application, and the Graph application permissions it holds.
      EnterpriseApp     = [pscustomobject]@{ id = 'sp-object-id'; name = 'Pairwise' }
      EntraGrants       = @()
    }
  }

  Context 'RBAC for Applications (the default)' {
    It 'scopes both calendar roles to the members of the group and tests the mailbox' {
      $report = Invoke-Subject @{}

      $global:FakeOrg.Scopes['Pairwise participants'].RecipientFilter |
        Should -Be "MemberOfGroup -eq '$($global:FakeOrg.Groups[$script:GroupAddress].DistinguishedName)'"
      $global:FakeOrg.ServicePrincipals[$script:AppId].ObjectId | Should -Be 'sp-object-id'
      $global:FakeOrg.RoleAssignments.Role | Should -Be @('Application Calendars.ReadWrite', 'Application MailboxSettings.Read')
      $global:FakeOrg.RoleAssignments.CustomResourceScope | Should -Be @('Pairwise participants', 'Pairwise participants')
      Should -Invoke Test-ServicePrincipalAuthorization -Times 1 -Exactly -ParameterFilter {
        $Identity -eq $script:AppId -and $Resource -eq 'ana@contoso.com'
      }
      $report | Out-String | Should -Match 'Application Calendars.ReadWrite'
      Should -Invoke New-ApplicationAccessPolicy -Times 0
      Should -Invoke Connect-ExchangeOnline -Times 0
    }

    It 'changes nothing on a second run' {
      Invoke-Subject @{}
      Invoke-Subject @{}

      Should -Invoke New-ManagementScope -Times 1 -Exactly
      Should -Invoke Set-ManagementScope -Times 0
      Should -Invoke New-ServicePrincipal -Times 1 -Exactly
      Should -Invoke New-ManagementRoleAssignment -Times 2 -Exactly
      $global:FakeOrg.RoleAssignments | Should -HaveCount 2
    }

    It 'points an existing scope of that name at the group when it named another one' {
      $global:FakeOrg.Scopes['Pairwise participants'] = [pscustomobject]@{
        Name = 'Pairwise participants'; RecipientFilter = "MemberOfGroup -eq 'CN=old-group'"
      }

      Invoke-Subject @{}

      Should -Invoke Set-ManagementScope -Times 1 -Exactly
      $global:FakeOrg.Scopes['Pairwise participants'].RecipientFilter | Should -Match 'pairwise-participants20261201'
    }

    It 'refuses while Entra still grants calendar access tenant-wide (the grants would add up)' {
      $global:FakeOrg.EntraGrants = @('calendars-rw', 'users-r')

      { Invoke-Subject @{} } | Should -Throw '*Entra still grants tenant-wide Calendars.ReadWrite*'
      Should -Invoke New-ManagementRoleAssignment -Times 0
    }

    It 'ignores the Entra grants with -SkipEntraCheck' {
      $global:FakeOrg.EntraGrants = @('calendars-rw')

      Invoke-Subject @{ SkipEntraCheck = $true }

      $global:FakeOrg.RoleAssignments | Should -HaveCount 2
    }

    It 'refuses when the app already holds a calendar role beyond the group' {
      $global:FakeOrg.RoleAssignments.Add([pscustomobject]@{
          Name = 'everyone'; App = $script:AppId; Role = 'Application Calendars.ReadWrite'; CustomResourceScope = $null
        })

      { Invoke-Subject @{} } | Should -Throw "*already holds 'Application Calendars.ReadWrite' beyond the group (everyone)*"
    }

    It 'changes nothing with -WhatIf' {
      Invoke-Subject @{ WhatIf = $true }

      Should -Invoke New-ManagementScope -Times 0
      Should -Invoke New-ServicePrincipal -Times 0
      Should -Invoke New-ManagementRoleAssignment -Times 0
    }
  }

  Context 'application access policy (the fallback)' {
    It 'restricts the app to the group and tests the mailbox' {
      $report = Invoke-Subject @{ Mode = 'AccessPolicy' }

      $global:FakeOrg.Policies | Should -HaveCount 1
      $global:FakeOrg.Policies[0].AppId | Should -Be $script:AppId
      $global:FakeOrg.Policies[0].AccessRight | Should -Be 'RestrictAccess'
      $global:FakeOrg.Policies[0].ScopeName | Should -Be 'pairwise-participants'
      Should -Invoke Test-ApplicationAccessPolicy -Times 1 -Exactly -ParameterFilter {
        $Identity -eq 'ana@contoso.com' -and $AppId -eq $script:AppId
      }
      $report | Out-String | Should -Match 'Granted'
      Should -Invoke New-ManagementRoleAssignment -Times 0
    }

    It 'keeps the Entra grants it relies on (no Entra check)' {
      $global:FakeOrg.EntraGrants = @('calendars-rw')

      Invoke-Subject @{ Mode = 'AccessPolicy' }

      $global:FakeOrg.Policies | Should -HaveCount 1
    }

    It 'changes nothing on a second run' {
      Invoke-Subject @{ Mode = 'AccessPolicy' }
      Invoke-Subject @{ Mode = 'AccessPolicy' }

      Should -Invoke New-ApplicationAccessPolicy -Times 1 -Exactly
      $global:FakeOrg.Policies | Should -HaveCount 1
    }
  }

  Context 'what it needs first' {
    It 'says how to create the group when it does not exist (<Mode>)' -ForEach @(
      @{ Mode = 'Rbac' }
      @{ Mode = 'AccessPolicy' }
    ) {
      { Invoke-Subject @{ Mode = $Mode; Group = 'nobody@contoso.com' } } |
        Should -Throw '*no group nobody@contoso.com*Mail-enabled security*'
      Should -Invoke New-ManagementScope -Times 0
      Should -Invoke New-ApplicationAccessPolicy -Times 0
    }

    It 'refuses a distribution list: only a mail-enabled security group scopes access' {
      { Invoke-Subject @{ Group = 'all-staff@contoso.com' } } |
        Should -Throw '*is a MailUniversalDistributionGroup; use a mail-enabled security group*'
    }

    It 'refuses an app that has no enterprise application yet' {
      $global:FakeOrg.EnterpriseApp = $null

      { Invoke-Subject @{} } | Should -Throw '*No enterprise application*register-app.ts*'
    }

    It 'connects to Exchange Online when no session is open' {
      Mock Get-ConnectionInformation {}

      Invoke-Subject @{}

      Should -Invoke Connect-ExchangeOnline -Times 1 -Exactly
    }
  }
}
