<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=false; section>
<!-- template: login-keyward-remember-mfa.ftl -->
    <#if section = "header">
        ${msg("keywardRememberMfaTitle")}
    <#elseif section = "form">
        <form id="kc-keyward-remember-mfa-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="kc-keyward-remember-mfa-intro">${msg("keywardRememberMfaIntro")}</p>
            <div class="${properties.kcFormGroupClass!}">
                <@field.checkbox name="rememberMfa" label=msg("keywardRememberMfaCheckbox", keywardRememberMfaDays?c) />
            </div>
            <p id="kc-keyward-remember-mfa-help">${msg("keywardRememberMfaHelp")}</p>
            <@buttons.actionGroup>
                <@buttons.button id="kc-keyward-remember-mfa-continue" name="continue" label="keywardRememberMfaContinue" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
