<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('emailCode'); section>
<!-- template: login-keyward-email-otp.ftl -->
    <#if section = "header">
        <#if keywardEmailOtpRegistration!false>${msg("keywardEmailOtpRegisterTitle")}<#else>${msg("keywardEmailOtpTitle")}</#if>
    <#elseif section = "form">
        <#if keywardEmailOtpRegistration!false>
            <p id="kc-keyward-email-otp-instruction" class="${properties.kcFormGroupClass!}">${msg("keywardEmailOtpRegisterIntro")}</p>
        </#if>
        <#if keywardEmailOtpCanEnter!false>
            <form id="kc-keyward-email-otp-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post">
                <@field.input name="emailCode" label=msg("keywardEmailOtpCode") autocomplete="one-time-code" autofocus=true />
                <@buttons.actionGroup>
                    <@buttons.button id="kc-login" name="login" label=(keywardEmailOtpRegistration!false)?then("doSubmit", "doLogIn") />
                </@buttons.actionGroup>
            </form>
        </#if>
        <#if (keywardEmailOtpAddress!"")?has_content>
            <form id="kc-keyward-email-otp-resend-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <input type="hidden" name="resend" value="true"/>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-keyward-email-otp-resend" name="resendButton" type="secondary" label="keywardEmailOtpResend" />
                </@buttons.actionGroup>
            </form>
        </#if>
        <#if isAppInitiatedAction??>
            <form id="kc-keyward-email-otp-cancel-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <@buttons.actionGroup>
                    <@buttons.button id="kc-keyward-email-otp-cancel" name="cancel-aia" type="secondary" label="doCancel" value="true" />
                </@buttons.actionGroup>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
