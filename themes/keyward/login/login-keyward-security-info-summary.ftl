<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=false; section>
<!-- template: login-keyward-security-info-summary.ftl -->
    <#if section = "header">
        ${msg("keywardSecurityInfoSummaryTitle")}
    <#elseif section = "form">
        <p id="kc-keyward-summary-intro" class="${properties.kcFormGroupClass!}">${msg("keywardSecurityInfoSummaryIntro")}</p>
        <ul id="kc-keyward-registered-methods" class="keyward-registered-methods" aria-labelledby="kc-keyward-summary-intro">
            <#list keywardRegisteredMethods as method>
                <li id="kc-keyward-registered-${method}"><i class="fa fa-check-circle keyward-registered-icon" aria-hidden="true"></i> ${msg("keywardSecurityInfoMethod." + method)}</li>
            </#list>
        </ul>
        <p class="${properties.kcFormGroupClass!}">${msg("keywardSecurityInfoSummaryAdvice")}</p>
        <form id="kc-keyward-security-info-summary-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="kc-keyward-done" name="next" value="done" label="keywardSecurityInfoDone" />
                <#if keywardCanAddMethod>
                    <@buttons.button id="kc-keyward-add-method" name="next" value="add" label="keywardSecurityInfoAddAnother" type="secondary" />
                </#if>
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
