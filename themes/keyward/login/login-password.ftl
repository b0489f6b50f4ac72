<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "passkeys.ftl" as passkeys>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password'); section>
<!-- template: login-password.ftl (keyward: keycloak.v2 plus "Use a Temporary Access Pass") -->
    <#if section = "header">
        ${msg("doLogIn")}
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
                <form id="kc-form-login" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post">
                    <@field.password name="password" label=msg("password") forgotPassword=realm.resetPasswordAllowed autofocus=true autocomplete="current-password" />
                    <@buttons.loginButton />
                </form>
            </div>
        </div>
        <@passkeys.conditionalUIData />
        <#-- Keyward: after the username, a user holding a Temporary Access Pass may use it instead of the password. -->
        <#list (auth.authenticationSelections)![] as selection>
            <#if selection.authenticationExecution.authenticator == "keyward-temporary-access-pass">
                <form id="kc-keyward-use-tap-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <input type="hidden" name="authenticationExecution" value="${selection.authExecId}">
                    <@buttons.actionGroup>
                        <@buttons.button id="kc-keyward-use-tap" label="keywardTapUse" type="secondary" class=["kcMarginTopClass"] />
                    </@buttons.actionGroup>
                </form>
            </#if>
        </#list>
    </#if>

</@layout.registrationLayout>
