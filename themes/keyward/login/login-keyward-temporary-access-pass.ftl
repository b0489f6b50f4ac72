<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('temporaryAccessPass'); section>
<!-- template: login-keyward-temporary-access-pass.ftl -->
    <#if section = "header">
        ${msg("keywardTapTitle")}
    <#elseif section = "form">
        <p id="kc-keyward-tap-instruction" class="${properties.kcFormGroupClass!}">${msg("keywardTapInstruction")}</p>
        <form id="kc-keyward-tap-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post">
            <@field.input name="temporaryAccessPass" label=msg("keywardTemporaryAccessPass") autocomplete="one-time-code" autofocus=true />
            <@buttons.loginButton />
        </form>
    </#if>
</@layout.registrationLayout>
