<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=false; section>
<!-- template: select-authenticator.ftl (keyward: the method picker, "Sign in another way") -->
    <#if section = "header" || section = "show-username">
        <#if section = "header">
            ${msg("keywardMethodPickerTitle")}
        </#if>
    <#elseif section = "form">
        <p id="kc-keyward-method-picker-intro" class="${properties.kcFormGroupClass!}">${msg("keywardMethodPickerIntro")}</p>
        <#--
          Keycloak lists the alternatives of the current step that the user has credentials for, in the order of the
          user's credentials (the default first). Keyward names them as users know them; a method without a Keyward
          name (one added by another extension) keeps Keycloak's. Each method is a real button of one form.
        -->
        <form id="kc-select-credential-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <ul class="${properties.kcSelectAuthListClass!}" role="list">
                <#list auth.authenticationSelections as authenticationSelection>
                    <#assign authenticator = authenticationSelection.authenticationExecution.authenticator>
                    <#assign nameKey = "keywardMethod." + authenticator>
                    <#assign name = (msg(nameKey) != nameKey)?then(msg(nameKey), msg(authenticationSelection.displayName))>
                    <#assign help = (msg(nameKey + ".help") != nameKey + ".help")?then(msg(nameKey + ".help"), msg(authenticationSelection.helpText))>
                    <li class="${properties.kcSelectAuthListItemWrapperClass!}">
                        <button id="kc-keyward-method-${authenticator}" class="${properties.kcSelectAuthListItemClass!} pf-v5-u-w-100 pf-v5-u-text-align-left" type="submit" name="authenticationExecution" value="${authenticationSelection.authExecId}">
                            <div class="pf-v5-c-data-list__item-content pf-v5-u-flex-wrap-wrap">
                                <div class="${properties.kcSelectAuthListItemIconClass!}">
                                    <i class="${properties['${authenticationSelection.iconCssClass}']!authenticationSelection.iconCssClass} ${properties.kcSelectAuthListItemIconPropertyClass!}" aria-hidden="true"></i>
                                </div>
                                <div class="${properties.kcSelectAuthListItemBodyClass!}">
                                    <h2 class="${properties.kcSelectAuthListItemHeadingClass!}">
                                        ${name}<#if authenticationSelection?is_first && auth.authenticationSelections?size gt 1> <span class="pf-v5-c-label pf-m-compact pf-m-blue"><span class="pf-v5-c-label__content">${msg("keywardMethodDefault")}</span></span></#if>
                                    </h2>
                                </div>
                                <div class="${properties.kcSelectAuthListItemDescriptionClass!}">${help}</div>
                            </div>
                            <div class="${properties.kcSelectAuthListItemFillClass!}">
                                <i class="${properties.kcSelectAuthListItemArrowIconClass!}" aria-hidden="true"></i>
                            </div>
                        </button>
                    </li>
                </#list>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
